import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { isNetworkError } from './network-errors.js';

function coded(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('isNetworkError', () => {
  it('recognises a refused connection from a real socket', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await new Promise<unknown>((resolve) => net.connect(port, '127.0.0.1').once('error', resolve));
    expect(isNetworkError(error)).toBe(true);
  });

  it('recognises timeouts and DNS failures, also wrapped in causes and AggregateErrors', () => {
    expect(isNetworkError(coded('ETIMEDOUT'))).toBe(true);
    expect(isNetworkError(new Error('request failed', { cause: coded('ENOTFOUND') }))).toBe(true);
    expect(isNetworkError(new Error('outer', { cause: new AggregateError([new Error('other'), coded('EAI_AGAIN')]) }))).toBe(true);
  });

  it('is false for service answers, plain values and causes nested deeper than SDKs wrap', () => {
    expect(isNetworkError(coded('AccessDenied'))).toBe(false);
    expect(isNetworkError(Object.assign(new Error('Not Found'), { statusCode: 404 }))).toBe(false);
    expect(isNetworkError(undefined)).toBe(false);
    expect(isNetworkError('ECONNREFUSED')).toBe(false);
    let deep: Error = coded('ECONNREFUSED');
    for (let level = 0; level < 6; level++) deep = new Error(`level ${level}`, { cause: deep });
    expect(isNetworkError(deep)).toBe(false);
  });

  it('counts extra codes of one SDK at every level when asked', () => {
    const azureSendError = new Error('wrapped', { cause: coded('REQUEST_SEND_ERROR') });
    expect(isNetworkError(azureSendError)).toBe(false);
    expect(isNetworkError(azureSendError, { extraCodes: ['REQUEST_SEND_ERROR'] })).toBe(true);
  });
});
