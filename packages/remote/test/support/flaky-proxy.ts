import http from 'node:http';

/** What the proxy does to the next request matching a rule. */
export type Fault =
  /** Forwards the request, lets the server do its work, then closes the connection instead of answering. */
  | 'lose-answer'
  /** Closes the connection before anything reaches the server. */
  | 'drop-request';

/**
 * An HTTP proxy in front of a tracking server that can lose answers and refuse connections,
 * the failures a trainer meets on a real network. Counts the requests that reached the server.
 */
export class FlakyProxy {
  /** Requests forwarded to the server, as 'METHOD /path'. */
  readonly forwarded: string[] = [];
  #faults: { method: string; path: RegExp; fault: Fault }[] = [];
  #server: http.Server;
  #port = 0;

  private constructor(private readonly target: URL) {
    this.#server = http.createServer((request, response) => this.#handle(request, response));
  }

  /** Starts a proxy on 127.0.0.1 and a free port in front of `targetUrl`. */
  static async start(targetUrl: string): Promise<FlakyProxy> {
    const proxy = new FlakyProxy(new URL(targetUrl));
    await proxy.#listen(0);
    return proxy;
  }

  /** The proxy's base URL, which clients use in place of the server's. */
  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Applies `fault` to the next `times` requests of `method` whose path matches. */
  failNext(method: string, path: RegExp, fault: Fault, times = 1): void {
    for (let index = 0; index < times; index++) this.#faults.push({ method, path, fault });
  }

  /** Stops listening (connections are refused) for `ms` milliseconds, then listens on the same port again. */
  async refuseConnectionsFor(ms: number): Promise<void> {
    await this.#closeListener();
    setTimeout(() => void this.#listen(this.#port), ms).unref();
  }

  async close(): Promise<void> {
    await this.#closeListener();
  }

  async #listen(port: number): Promise<void> {
    // A closed server may listen again.
    await new Promise<void>((resolve) => this.#server.listen(port, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as { port: number }).port;
  }

  async #closeListener(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const path = request.url ?? '/';
    const index = this.#faults.findIndex((rule) => rule.method === request.method && rule.path.test(path.split('?')[0]!));
    const fault = index === -1 ? undefined : this.#faults.splice(index, 1)[0]!.fault;
    if (fault === 'drop-request') {
      request.socket.destroy();
      return;
    }
    this.forwarded.push(`${request.method} ${path.split('?')[0]}`);
    const upstream = http.request(
      { hostname: this.target.hostname, port: this.target.port, method: request.method, path, headers: request.headers },
      (answer) => {
        if (fault === 'lose-answer') {
          answer.resume();
          answer.once('end', () => request.socket.destroy());
          return;
        }
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => request.socket.destroy());
    request.pipe(upstream);
  }
}
