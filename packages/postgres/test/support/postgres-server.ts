import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A PostgreSQL server the tests started, and how to stop it. */
export interface TestPostgresServer {
  /** A connection string for the `postgres` database, as the superuser `postgres` (trust auth). */
  url: string;
  port: number;
  /** Stops the server (fast shutdown) and removes its data folder. */
  stop(): Promise<void>;
}

/** The folder of PostgreSQL's server binaries (Debian's /usr/lib/postgresql/<version>/bin), newest first. */
export function findPostgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(path.join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : path.join(root, versions[0], 'bin');
}

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Creates a cluster in a temporary folder and starts PostgreSQL on 127.0.0.1 at a random
 * free port, resolving once the server logs that it accepts connections. initdb refuses
 * to run as root, so as root both run as the `postgres` user. Durability settings are off
 * (fsync, synchronous_commit): the data is thrown away afterwards.
 */
export async function startPostgresServer(): Promise<TestPostgresServer> {
  const binaries = findPostgresBinaries();
  if (!binaries) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). Install Debian\'s postgresql package, as .ci/run does.');
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mlops-postgres-'));
  const dataFolder = path.join(folder, 'data');
  const isRoot = process.getuid?.() === 0;
  const asServerUser = (command: string, args: string[]): [string, string[]] => (isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);
  if (isRoot) {
    const postgresUser = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const groupOf = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(folder, Number(postgresUser.stdout.trim()), Number(groupOf.stdout.trim()));
  }
  const [initdb, initdbArgs] = asServerUser(path.join(binaries, 'initdb'), [
    '-D',
    dataFolder,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
    '--no-instructions',
  ]);
  const initialized = spawnSync(initdb, initdbArgs, { encoding: 'utf8' });
  if (initialized.status !== 0) {
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`initdb failed (${initialized.status}): ${initialized.stderr}`);
  }
  const port = await freePort();
  const [postgres, postgresArgs] = asServerUser(path.join(binaries, 'postgres'), [
    '-D',
    dataFolder,
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-k',
    folder,
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=300',
    '-c',
    'shared_buffers=128MB',
  ]);
  const child = spawn(postgres, postgresArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitForReady(child);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // Fast shutdown (rolls back open transactions), waiting until the server is gone.
        // pg_ctl signals the postmaster itself; runuser would not pass a signal on.
        const [pgCtl, pgCtlArgs] = asServerUser(path.join(binaries, 'pg_ctl'), ['stop', '-D', dataFolder, '-m', 'fast', '-w']);
        const stopped = spawnSync(pgCtl, pgCtlArgs, { encoding: 'utf8' });
        if (stopped.status !== 0) child.kill('SIGKILL');
        await exited;
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Resolves when the server logs that it accepts connections; rejects if it exits first or takes over a minute. */
function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`PostgreSQL did not become ready within 60 s:\n${log}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        child.stderr!.off('data', onData);
        child.stderr!.resume(); // keep draining the log so the server never blocks on it
        resolve();
      }
    };
    child.stderr!.on('data', onData);
    child.stdout!.resume();
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited with code ${String(code)} before it was ready:\n${log}`));
    });
  });
}
