import { inject } from 'vitest';
import type { ServerRequest } from './server-host.js';

/** A tracking server of the server host process, empty when started. */
export interface RemoteTestServer {
  /** Its base URL, such as 'http://127.0.0.1:40123'. */
  url: string;
  /** Stops it and removes its store and files. */
  stop(): Promise<void>;
}

/** Tokens the tests use: one that writes, one that only reads. */
export const testTokens = {
  writer: { name: 'trainer', token: 'remote-writer-token-0123456789', scope: 'write' },
  reader: { name: 'dashboard', token: 'remote-reader-token-0123456789', scope: 'read' },
} as const;

/** Starts a tracking server over a fresh store (SQLite by default) in the server host process. */
export async function startRemoteServer(request: Partial<ServerRequest> = {}): Promise<RemoteTestServer> {
  const hostUrl = inject('serverHostUrl');
  const response = await fetch(`${hostUrl}/servers`, { method: 'POST', body: JSON.stringify({ store: 'sqlite', ...request }) });
  if (!response.ok) throw new Error(`The server host could not start a server: ${await response.text()}`);
  const { id, url } = (await response.json()) as { id: string; url: string };
  return {
    url,
    async stop() {
      // A stop that gets no answer in 20 s is reported and left to the host's own shutdown, so a
      // stuck teardown shows as a warning with its server instead of failing a test that passed.
      try {
        await fetch(`${hostUrl}/servers/${id}`, { method: 'DELETE', signal: AbortSignal.timeout(20_000) });
      } catch (error) {
        process.stderr.write(`remote tests: stopping the server at ${url} got no answer (${String(error)}); the server host stops it when the run ends\n`);
      }
    },
  };
}
