import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** A running Azurite blob service. */
export interface AzuriteProcess {
  /** Blob endpoint of the development account, such as 'http://127.0.0.1:40123/devstoreaccount1'. */
  blobEndpoint: string;
  /** Stops the process and removes its folder. */
  stop(): Promise<void>;
}

const readyPattern = /successfully listens on (https?:\/\/\S+)/;

/**
 * Starts Azurite's blob service as a child process on 127.0.0.1, on a port the system
 * picks (it prints the real one), with a temporary folder, and waits for its ready line.
 * @param extraArgs more command-line options, such as `['--oauth', 'basic', '--cert', ...]`.
 */
export async function startAzurite(extraArgs: string[] = []): Promise<AzuriteProcess> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-azurite-'));
  const azuriteMain = path.join(path.dirname(createRequire(import.meta.url).resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
  const child = spawn(
    process.execPath,
    [azuriteMain, '--blobHost', '127.0.0.1', '--blobPort', '0', '--location', folder, '--silent', '--disableTelemetry', '--skipApiVersionCheck', '--loose', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await fs.rm(folder, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const onData = (data: Buffer): void => {
        output += data.toString();
        const match = readyPattern.exec(output);
        if (match) resolve(match[1]!);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`Azurite exited with code ${String(code)} before it was ready:\n${output}`)));
    });
    return { blobEndpoint: `${url}/devstoreaccount1`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
