import { describe, expect, it } from 'vitest';
import { MLOpsError } from '../errors.js';
import { decodePageToken, encodePageToken, searchFingerprint } from './page-token.js';

const fingerprint = searchFingerprint({ experimentIds: ['b', 'a'], filter: 'metrics.a > 1', orderBy: ['metrics.a DESC'] });
const maxRunId = '01900000-0000-7000-8000-000000000abc';

function expectInvalid(action: () => unknown, message: string): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(MLOpsError.hasCode(caught, 'INVALID_ARGUMENT')).toBe(true);
  expect((caught as Error).message).toContain(message);
}

describe('page tokens', () => {
  it('round-trip the offset and the largest run id as URL-safe text', () => {
    const token = encodePageToken({ offset: 7, maxRunId }, fingerprint);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageToken(token, fingerprint)).toEqual({ offset: 7, maxRunId });
  });

  it('do not depend on the order experiments are listed in', () => {
    expect(searchFingerprint({ experimentIds: ['a', 'b'], filter: 'metrics.a > 1', orderBy: ['metrics.a DESC'] })).toBe(fingerprint);
  });

  it('are refused by another search', () => {
    const token = encodePageToken({ offset: 7, maxRunId }, fingerprint);
    const other = searchFingerprint({ experimentIds: ['a', 'b'], filter: 'metrics.a > 2', orderBy: ['metrics.a DESC'] });
    expectInvalid(() => decodePageToken(token, other), 'belongs to a search with other experiments, filter or orderBy');
  });

  it('are refused when malformed or altered', () => {
    const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const tampered = [
      '',
      'not a token!',
      'x'.repeat(2_000),
      encode('hello'),
      encode([1, 2]),
      encode({ v: 2, o: 7, m: maxRunId, q: fingerprint }),
      encode({ v: 1, o: -7, m: maxRunId, q: fingerprint }),
      encode({ v: 1, o: 0, m: maxRunId, q: fingerprint }),
      encode({ v: 1, o: 1.5, m: maxRunId, q: fingerprint }),
      encode({ v: 1, o: '7', m: maxRunId, q: fingerprint }),
      encode({ v: 1, o: 7, m: "' OR 1=1 --", q: fingerprint }),
      encode({ v: 1, o: 7, m: maxRunId, q: fingerprint, extra: true }),
      Buffer.from('{"v":1,').toString('base64url'),
      42,
    ];
    for (const token of tampered) expectInvalid(() => decodePageToken(token, fingerprint), 'page token');
  });
});
