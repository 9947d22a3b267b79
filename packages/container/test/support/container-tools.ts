/**
 * The real container tools the suites use: the CNCF distribution registry (`docker-registry`),
 * podman with runc and skopeo, configured as `containers.md` of this project's machines says
 * (ulimits, runc, cgroupfs, private storage, the test registry marked insecure).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The Debian packages the container suites need, by the command each gives. */
export const requiredCommands = { 'docker-registry': 'docker-registry', podman: 'podman', skopeo: 'skopeo', runc: 'runc' } as const;

/** The commands that are missing, so a suite can skip saying which package to install. */
export async function missingCommands(): Promise<string[]> {
  const missing: string[] = [];
  for (const command of Object.values(requiredCommands)) {
    try {
      await run('sh', ['-c', `command -v ${command}`]);
    } catch {
      missing.push(command);
    }
  }
  return missing;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; the registry binds it right after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A running docker-registry on 127.0.0.1. */
export interface TestRegistry {
  host: string;
  stop(): Promise<void>;
}

/**
 * Starts `docker-registry serve` on a free port with storage in `folder`; with `htpasswd`,
 * it asks for Basic credentials. Resolves once GET /v2/ answers.
 */
export async function startRegistry(folder: string, htpasswd?: string): Promise<TestRegistry> {
  await mkdir(folder, { recursive: true });
  const port = await freePort();
  const config = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${path.join(folder, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: mlops-ts-test-registry',
    ...(htpasswd ? ['auth:', '  htpasswd:', '    realm: mlops-test', `    path: ${htpasswd}`] : []),
  ].join('\n');
  await writeFile(path.join(folder, 'config.yml'), `${config}\n`);
  const child: ChildProcess = spawn('docker-registry', ['serve', path.join(folder, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const host = `127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`docker-registry exited with ${code}: ${output}`))));
  const ready = (async () => {
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        const response = await fetch(`http://${host}/v2/`);
        if (response.status === 200 || response.status === 401) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`docker-registry did not answer on ${host} within 10 s: ${output}`);
  })();
  await Promise.race([ready, exited]);
  return {
    host,
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/** Environment variables that give podman and skopeo private storage and the settings that work here. */
export async function podmanEnvironment(folder: string, insecureRegistries: readonly string[]): Promise<NodeJS.ProcessEnv> {
  await mkdir(path.join(folder, 'graph'), { recursive: true });
  await mkdir(path.join(folder, 'run'), { recursive: true });
  const storage = path.join(folder, 'storage.conf');
  const containers = path.join(folder, 'containers.conf');
  const registries = path.join(folder, 'registries.conf');
  await writeFile(storage, `[storage]\ndriver = "overlay"\ngraphroot = "${path.join(folder, 'graph')}"\nrunroot = "${path.join(folder, 'run')}"\n`);
  await writeFile(
    containers,
    [
      '[containers]',
      'default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]',
      '[engine]',
      'runtime = "runc"',
      'cgroup_manager = "cgroupfs"',
      'events_logger = "file"',
      `tmp_dir = "${path.join(folder, 'tmp')}"`,
      '',
    ].join('\n'),
  );
  await writeFile(path.join(folder, 'auth.json'), '{"auths":{}}\n');
  await writeFile(registries, ['unqualified-search-registries = []', ...insecureRegistries.map((host) => `[[registry]]\nlocation = "${host}"\ninsecure = true`), ''].join('\n'));
  return { ...process.env, CONTAINERS_STORAGE_CONF: storage, CONTAINERS_CONF: containers, CONTAINERS_REGISTRIES_CONF: registries, REGISTRY_AUTH_FILE: path.join(folder, 'auth.json') };
}

/** Runs a command with the podman environment; rejects with its stderr. */
export async function runTool(command: string, args: readonly string[], environment: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<string> {
  try {
    const { stdout } = await run(command, [...args], { env: environment, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${stderr || stdout || (error as Error).message}`);
  }
}

/** The cgroup this process runs in, so containers stay inside the test's cgroup (containers.md, "cgroup parent"). */
export async function ownCgroupParent(): Promise<string | undefined> {
  try {
    const { stdout } = await run('sh', ['-c', "grep memory /proc/self/cgroup | cut -d: -f3"]);
    const parent = stdout.trim();
    return parent && parent !== '/' ? parent : undefined;
  } catch {
    return undefined;
  }
}
