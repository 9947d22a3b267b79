import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

/** A request the API server received, with its body parsed (YAML or JSON). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  authorization: string | undefined;
  body: any;
}

/** Answers a request: status and body, or undefined for 404. */
export type Responder = (request: RecordedRequest) => { status: number; body: unknown } | undefined;

/**
 * An HTTP server on 127.0.0.1 that answers like the Kubernetes API from recorded responses,
 * records every request, and a kubeconfig pointing at it (bearer token 'test-token').
 */
export async function startRecordedApi(respond: Responder): Promise<{ requests: RecordedRequest[]; kubeconfig: string; close(): Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url!, 'http://localhost');
    const text = Buffer.concat(chunks).toString('utf8');
    const request: RecordedRequest = {
      method: incoming.method!,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: incoming.headers['content-type'],
      authorization: incoming.headers.authorization,
      body: text ? parse(text) : undefined,
    };
    requests.push(request);
    const answer = respond(request) ?? { status: 404, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${request.path} not found` } };
    outgoing.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const folder = await mkdtemp(path.join(os.tmpdir(), 'mlops-kubeconfig-'));
  const kubeconfig = path.join(folder, 'config');
  await writeFile(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: recorded`,
      `  cluster: { server: 'http://127.0.0.1:${port}', insecure-skip-tls-verify: true }`,
      'users:',
      '- name: ci',
      '  user: { token: test-token }',
      'contexts:',
      '- name: recorded',
      '  context: { cluster: recorded, user: ci }',
      'current-context: recorded',
      '',
    ].join('\n'),
  );
  return {
    requests,
    kubeconfig,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(folder, { recursive: true, force: true });
    },
  };
}
