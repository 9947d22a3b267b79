import { MLOpsError } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import { isUnavailableError, translateCosmosError } from './cosmos-errors.js';

const withStatus = (code: number, message = 'native message') => Object.assign(new Error(message), { code });

describe('translateCosmosError', () => {
  it.each([
    [404, 'NOT_FOUND'],
    [409, 'CONFLICT'],
    [412, 'CONFLICT'],
    [401, 'PERMISSION_DENIED'],
    [403, 'PERMISSION_DENIED'],
    [400, 'INVALID_ARGUMENT'],
    [413, 'INVALID_ARGUMENT'],
    [429, 'UNAVAILABLE'],
    [408, 'UNAVAILABLE'],
    [503, 'UNAVAILABLE'],
    [500, 'INTERNAL'],
  ] as const)('maps status %i to %s, keeping the native error as cause', (status, code) => {
    const native = withStatus(status);
    const error = translateCosmosError(native, "Reading run 'r'");
    expect(error.code).toBe(code);
    expect(error.cause).toBe(native);
    expect(error.providerId).toBe('cosmos');
    expect(error.message).toMatch(/^Reading run 'r'/);
    expect(error.message.split('. ').length).toBeGreaterThanOrEqual(2);
  });

  it('points at the throughput and retry options when throttling outlasted the retries', () => {
    expect(translateCosmosError(withStatus(429, 'Request rate is large'), 'Logging').message).toMatch(/throughput|retryOptions/);
  });

  it('recognizes network failures by code, and in the message of the batch errors whose code the SDK drops', () => {
    expect(translateCosmosError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'x').code).toBe('UNAVAILABLE');
    expect(translateCosmosError(new Error('Batch request error: connect ECONNREFUSED 127.0.0.1:1'), 'x').code).toBe('UNAVAILABLE');
    expect(translateCosmosError(new Error('Batch request error: Request timed out'), 'x').code).toBe('UNAVAILABLE');
    expect(translateCosmosError(new Error('Batch request error: The input authorization token can not serve the request'), 'x').code).toBe('PERMISSION_DENIED');
    expect(isUnavailableError(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe(true);
    expect(translateCosmosError(new Error('something else'), 'x').code).toBe('INTERNAL');
  });

  it('passes MLOpsErrors through unchanged', () => {
    const original = new MLOpsError('NOT_FOUND', 'gone. look elsewhere.');
    expect(translateCosmosError(original, 'x')).toBe(original);
  });
});
