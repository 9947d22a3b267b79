import { MLOpsError } from '@mlops-ts/core';
import { describe, expect, test } from 'vitest';
import { BearerTokens } from './bearer-tokens.js';

const tokens = new BearerTokens([
  { name: 'ci', token: 'ci-token-0123456789abcdef', scope: 'write' },
  { name: 'grafana', token: 'grafana-token-0123456789', scope: 'read' },
]);

describe('BearerTokens', () => {
  test('finds the holder and scope of each configured token', () => {
    expect(tokens.authenticate('Bearer ci-token-0123456789abcdef')).toEqual({ name: 'ci', scope: 'write', isAuthenticated: true });
    expect(tokens.authenticate('bearer   grafana-token-0123456789')).toEqual({ name: 'grafana', scope: 'read', isAuthenticated: true });
  });

  test.each([
    ['no header', undefined],
    ['another scheme', 'Basic Y2k6dG9rZW4='],
    ['a prefix of a token', 'Bearer ci-token-0123456789abcde'],
    ['a token with one character more', 'Bearer ci-token-0123456789abcdefX'],
    ['an empty token', 'Bearer '],
    ['two tokens', 'Bearer ci-token-0123456789abcdef grafana-token-0123456789'],
  ])('refuses %s', (_case, header) => {
    expect(tokens.authenticate(header)).toBeUndefined();
  });

  test('refuses configurations that would make tokens ambiguous or guessable', () => {
    const invalid = [
      [{ name: 'a', token: 'short', scope: 'write' }],
      [{ name: 'a', token: 'has white space in it!', scope: 'write' }],
      [{ name: '', token: '0123456789abcdef', scope: 'write' }],
      [{ name: 'a', token: '0123456789abcdef', scope: 'admin' }],
      [
        { name: 'same', token: '0123456789abcdef', scope: 'write' },
        { name: 'same', token: 'fedcba9876543210', scope: 'read' },
      ],
    ];
    for (const configuration of invalid) {
      expect(() => new BearerTokens(configuration as never), JSON.stringify(configuration)).toThrowError(MLOpsError);
    }
  });
});
