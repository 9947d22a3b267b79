import { describe, expect, it } from 'vitest';
import { MLOpsError } from '../errors.js';
import { formatModelUri, isModelUri, parseModelUri } from './model-uri.js';
import { registeredModelNameOfExperiment, registeredModelNamesOfExperiments, validateAliasName, validateRegisteredModelName } from './registry-names.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return MLOpsError.isInstance(error) ? error.code : 'not an MLOpsError';
  }
  return undefined;
}

describe('models:/ URIs', () => {
  it('parses a version, an alias and latest', () => {
    expect(parseModelUri('models:/iris-classifier/3')).toEqual({ model: 'iris-classifier', kind: 'version', version: 3 });
    expect(parseModelUri('models:/iris-classifier@champion')).toEqual({ model: 'iris-classifier', kind: 'alias', alias: 'champion' });
    expect(parseModelUri('models:/iris-classifier/latest')).toEqual({ model: 'iris-classifier', kind: 'latest' });
  });

  it('decodes the model name, so any registered name round-trips through formatModelUri', () => {
    for (const name of ['fraud detector', 'Ünïcode 模型', 'a%b', 'x?y#z']) {
      expect(parseModelUri(formatModelUri(name, 7))).toEqual({ model: name, kind: 'version', version: 7 });
      expect(parseModelUri(formatModelUri(name, { alias: 'prod' }))).toEqual({ model: name, kind: 'alias', alias: 'prod' });
      expect(parseModelUri(formatModelUri(name, 'latest'))).toEqual({ model: name, kind: 'latest' });
    }
  });

  it.each([
    ['no scheme', 'iris/3'],
    ['no version', 'models:/iris'],
    ['an empty model', 'models:/ /1'.replace(' ', '')],
    ['version zero', 'models:/iris/0'],
    ['a negative version', 'models:/iris/-1'],
    ['a fractional version', 'models:/iris/1.5'],
    ['a version with leading zeros', 'models:/iris/01'],
    ['a version past the safe integers', 'models:/iris/90071992547409930'],
    ['an empty alias', 'models:/iris@'],
    ['an alias that is a number', 'models:/iris@3'],
    ['the reserved alias latest', 'models:/iris@latest'],
    ['a path after the version', 'models:/iris/3/extra'],
    ['bad URI encoding', 'models:/%E0%A4%A/1'],
    ['an encoded slash in the name', 'models:/a%2Fb/1'],
  ])('refuses %s with INVALID_ARGUMENT', (_description, uri) => {
    expect(codeOf(() => parseModelUri(uri))).toBe('INVALID_ARGUMENT');
  });

  it('tells a URI from an id or a name', () => {
    expect(isModelUri('models:/iris/1')).toBe(true);
    expect(isModelUri('01900000-0000-7000-8000-000000000b01')).toBe(false);
    expect(isModelUri(42)).toBe(false);
  });

  it('names the URI and the accepted forms in its message', () => {
    expect(() => parseModelUri('models:/iris/zero')).toThrow(/'models:\/iris\/zero'.*models:\/<model>\/<version>, models:\/<model>@<alias> or models:\/<model>\/latest/);
  });
});

describe('registry names', () => {
  it('accepts ordinary model names and refuses / and @', () => {
    expect(validateRegisteredModelName('iris-classifier v2')).toBe('iris-classifier v2');
    expect(codeOf(() => validateRegisteredModelName('team/iris'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => validateRegisteredModelName('iris@prod'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => validateRegisteredModelName(''))).toBe('INVALID_ARGUMENT');
  });

  it.each(['champion', 'challenger_2', '_staging', 'blue-green'])('accepts the alias %s', (alias) => {
    expect(validateAliasName(alias)).toBe(alias);
  });

  it.each(['latest', 'LATEST', '3', 'v3', 'V12', '-x', 'has space', 'a/b', 'a@b', '', 'é'])('refuses the alias %j', (alias) => {
    expect(codeOf(() => validateAliasName(alias))).toBe('INVALID_ARGUMENT');
  });

  it('escapes experiment names that a registered model may not carry', () => {
    expect(registeredModelNameOfExperiment('team/fraud@v2')).toBe('team_fraud_v2');
    expect(registeredModelNameOfExperiment('iris')).toBe('iris');
  });
});

describe('names of upgraded registered models', () => {
  it('keep names that need no escaping, then escape the others with a suffix where taken', () => {
    const names = registeredModelNamesOfExperiments([
      { id: '1', name: 'team/fraud' },
      { id: '2', name: 'team@fraud' },
      { id: '3', name: 'team_fraud' },
      { id: '4', name: 'iris' },
    ]);
    expect(Object.fromEntries(names)).toEqual({ '1': 'team_fraud (2)', '2': 'team_fraud (3)', '3': 'team_fraud', '4': 'iris' });
  });
});
