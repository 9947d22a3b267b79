import net from 'node:net';

/**
 * A TCP port on 127.0.0.1 that nothing listens on (the system picks a free one, which is
 * then released), for testing how a provider reports an unreachable server: point its
 * endpoint at `http://127.0.0.1:${await closedPort()}` and expect `UNAVAILABLE`.
 *
 * @example
 * const repository = new MyModelRepository({ endpoint: `http://127.0.0.1:${await closedPort()}` });
 * await expectMLOpsError(() => repository.connect(), 'UNAVAILABLE', { withinMs: 10_000 });
 */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
