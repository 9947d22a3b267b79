import { describe, expect, it } from 'vitest';
import { MLOpsError } from '../errors.js';
import { interpolateEnvironment, type EnvironmentReference } from './interpolate-environment.js';

const file = '/project/mlops.config.json';

describe('interpolateEnvironment', () => {
  it('replaces ${NAME} in strings at any depth and keeps other values', () => {
    const env = { DB_HOST: 'db.internal', DB_PASSWORD: 'hunter2', BUCKET: 'models' };
    const credential = new (class DefaultAzureCredential {})();
    const config = {
      store: { provider: 'postgres', options: { host: '${DB_HOST}', password: '${DB_PASSWORD}', port: 5432, ssl: true } },
      repository: { provider: 's3', options: { bucket: 'team-${BUCKET}', tags: ['${BUCKET}', 3], credential } },
    };
    expect(interpolateEnvironment(config, env, file)).toEqual({
      store: { provider: 'postgres', options: { host: 'db.internal', password: 'hunter2', port: 5432, ssl: true } },
      repository: { provider: 's3', options: { bucket: 'team-models', tags: ['models', 3], credential } },
    });
    expect((interpolateEnvironment(config, env, file) as typeof config).repository.options.credential).toBe(credential);
  });

  it('uses ${NAME:-default} when the variable is unset or empty, and reports each reference', () => {
    const references: EnvironmentReference[] = [];
    const value = interpolateEnvironment({ a: '${UNSET:-mlops/mlops.db}', b: '${EMPTY:-x}', c: '${SET:-y}', d: '${UNSET:-}' }, { EMPTY: '', SET: 'z' }, file, (reference) =>
      references.push(reference),
    );
    expect(value).toEqual({ a: 'mlops/mlops.db', b: 'x', c: 'z', d: '' });
    expect(references).toEqual([
      { name: 'UNSET', value: 'mlops/mlops.db', isDefault: true },
      { name: 'EMPTY', value: 'x', isDefault: true },
      { name: 'SET', value: 'z', isDefault: false },
      { name: 'UNSET', value: '', isDefault: true },
    ]);
  });

  it('reads $${ as a literal ${ and leaves a lone $ alone', () => {
    expect(interpolateEnvironment({ template: 'cost: $5, literal $${HOME}' }, { HOME: '/root' }, file)).toEqual({ template: 'cost: $5, literal ${HOME}' });
  });

  it('refuses an unset variable without a default, naming the variable, the key and the file', () => {
    const attempt = () => interpolateEnvironment({ store: { options: { password: 'x${PG_PASSWORD}' } } }, {}, file);
    expect(attempt).toThrow(MLOpsError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(attempt).toThrow(/PG_PASSWORD.*'store\.options\.password' in \/project\/mlops\.config\.json.*not set.*\$\{PG_PASSWORD:-value\}/);
  });

  it('refuses an empty variable without a default, and names array positions', () => {
    expect(() => interpolateEnvironment({ list: ['ok', '${EMPTY}'] }, { EMPTY: '' }, file)).toThrow(/EMPTY.*'list\[1\]'.*is empty/);
  });

  it('refuses a malformed reference with the key and how to write one', () => {
    expect(() => interpolateEnvironment({ store: { provider: '${1BAD}' } }, {}, file)).toThrow(/'store\.provider' in \/project\/mlops\.config\.json holds '\$\{1BAD\}'.*\$\{NAME\}/);
    expect(() => interpolateEnvironment({ path: 'a${UNCLOSED' }, { UNCLOSED: 'x' }, file)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
