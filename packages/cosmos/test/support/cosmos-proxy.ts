import { readFileSync } from 'node:fs';
import https from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** What the proxy does with a request: pass it to the server, or answer it itself. */
export type ProxyDecision = 'forward' | { status: number; headers?: Record<string, string>; body: object };

/** An HTTPS proxy in front of the local Cosmos DB server that can answer requests itself (e.g. with 429). */
export interface CosmosProxy {
  endpoint: string;
  /** Requests seen, as 'METHOD path'. */
  requests: string[];
  close(): Promise<void>;
}

// The local server's self-signed certificate and key, shipped in its package.
const serverPackageFolder = path.dirname(createRequire(import.meta.url).resolve('@vercel/cosmosdb-server/package.json'));

/**
 * Starts a proxy on 127.0.0.1 with a random port that asks `decide` about every request.
 * Clients must not discover other endpoints (`connectionPolicy.enableEndpointDiscovery:
 * false`), or they would learn the server's own address and bypass the proxy.
 */
export async function startCosmosProxy(target: string, decide: (method: string, path: string, headers: Record<string, unknown>) => ProxyDecision): Promise<CosmosProxy> {
  const targetUrl = new URL(target);
  const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });
  const requests: string[] = [];
  const server = https.createServer(
    { cert: readFileSync(path.join(serverPackageFolder, 'cert.pem')), key: readFileSync(path.join(serverPackageFolder, 'key.pem')) },
    (request, response) => {
      const method = request.method ?? 'GET';
      const url = request.url ?? '/';
      requests.push(`${method} ${url}`);
      const decision = decide(method, url, request.headers);
      if (decision !== 'forward') {
        request.resume();
        response.writeHead(decision.status, { 'content-type': 'application/json', ...decision.headers });
        response.end(JSON.stringify(decision.body));
        return;
      }
      const upstream = https.request(
        { host: targetUrl.hostname, port: targetUrl.port, method, path: url, headers: { ...request.headers, host: targetUrl.host }, agent },
        (upstreamResponse) => {
          response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
          upstreamResponse.pipe(response);
        },
      );
      upstream.on('error', (error) => response.destroy(error));
      request.pipe(upstream);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `https://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A 429 answer as Cosmos DB gives it, asking the client to wait `retryAfterMs`. */
export function throttled(retryAfterMs = 5): ProxyDecision {
  return {
    status: 429,
    headers: { 'x-ms-retry-after-ms': String(retryAfterMs), 'x-ms-substatus': '3200' },
    body: { code: 'TooManyRequests', message: 'Request rate is large. More Request Units may be needed, so no changes were made.' },
  };
}
