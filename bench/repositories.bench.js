// Upload and download throughput of a 256 MiB artifact through each model repository (local files,
// S3 on s3rver, Azure Blob on Azurite), each as a ratio against the raw call in the same run:
// a stream pipeline (with the same fsync) for local files, the SDK's own calls for the clouds.
// Imports the built packages (`pnpm bench` builds them). Runs alone with `node bench/repositories.bench.js`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import * as s3Sdk from '@aws-sdk/client-s3';
import { BlobServiceClient } from '@azure/storage-blob';
import { AzureBlobModelRepository } from '@mlops-ts/azure-blob';
import { LocalFileModelRepository } from '@mlops-ts/core';
import { S3ModelRepository } from '@mlops-ts/s3';
import { bestOf, report, temporaryDirectory, time } from './lib.js';

const artifactBytes = 256 * 1024 * 1024;
const rounds = 2;
const localFileRounds = 5;
const target = 0.8;
const megabytes = artifactBytes / 1_000_000;

// The emulators run as child processes, so only their entry files are needed.
const require = createRequire(import.meta.url);

/**
 * The local-file repository reads in 1 MiB chunks (`readChunkBytes` in its source); the raw
 * download reads in the same chunks, so the ratio measures the repository, not a chunk size.
 */
const localFileReadChunkBytes = 1024 * 1024;

/** A sink that discards bytes, so downloads measure the transfer only. */
const discard = () => new Writable({ write: (_chunk, _encoding, callback) => callback() });

function makeSourceFile(directory) {
  const file = path.join(directory, 'source.bin');
  const block = randomBytes(1024 * 1024);
  const handle = createWriteStream(file);
  return new Promise((resolve, reject) => {
    let written = 0;
    const writeMore = () => {
      while (written < artifactBytes) {
        written += block.length;
        if (!handle.write(block)) return void handle.once('drain', writeMore);
      }
      handle.end(() => resolve(file));
    };
    handle.on('error', reject);
    writeMore();
  });
}

/** Starts a server as a child process and resolves with what its ready line captures. */
function startChild(args, readyPattern, options = {}) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve)));
  };
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (data) => {
      output += data.toString();
      const match = readyPattern.exec(output);
      if (match) resolve({ captured: match[1], stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${output}`)));
  });
}

function throughput(ms) {
  return Math.round(megabytes / (ms / 1000));
}

function reportPair(figure, repositoryMs, rawMs, extra = {}) {
  report({ figure, ratio: rawMs / repositoryMs, target, megabytesPerSecond: throughput(repositoryMs), rawMegabytesPerSecond: throughput(rawMs), repositoryMs: Math.round(repositoryMs), rawMs: Math.round(rawMs), ...extra });
}

/**
 * Local transfers take well under a second, so each is run five times, alternating with its
 * baseline so that load from other processes falls on both, and the best of each side counts.
 */
async function bestOfAlternating(rounds, measureRaw, measureRepository) {
  let raw = Infinity;
  let repository = Infinity;
  for (let round = 0; round < rounds; round++) {
    raw = Math.min(raw, await measureRaw());
    repository = Math.min(repository, await measureRepository());
  }
  return { raw, repository };
}

async function benchLocalFile(source, directory) {
  const repository = new LocalFileModelRepository({ rootDir: path.join(directory, 'models') });
  await repository.connect();
  const rawFile = path.join(directory, 'raw.bin');
  const upload = await bestOfAlternating(
    localFileRounds,
    () =>
      time(async () => {
        await pipeline(createReadStream(source), createWriteStream(rawFile));
        const handle = await fs.open(rawFile, 'r+');
        await handle.sync();
        await handle.close();
      }),
    () => time(() => repository.put('runs/r/model.bin', createReadStream(source), { sizeBytes: artifactBytes })),
  );
  reportPair('localFile.upload256MiB', upload.repository, upload.raw, { baseline: 'stream pipeline to a file + fsync' });
  const download = await bestOfAlternating(
    localFileRounds,
    () => time(() => pipeline(createReadStream(rawFile, { highWaterMark: localFileReadChunkBytes }), discard())),
    () => time(async () => pipeline(await repository.get('runs/r/model.bin'), discard())),
  );
  reportPair('localFile.download256MiB', download.repository, download.raw, { baseline: 'fs.createReadStream, same 1 MiB chunks' });
}

/** The plain SDK calls of a multipart upload: 5 MiB parts read from the file, 4 sent at once. */
async function rawMultipartUpload(client, source) {
  const { CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand } = s3Sdk;
  const partBytes = 5 * 1024 * 1024;
  const partCount = Math.ceil(artifactBytes / partBytes);
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'models', Key: 'raw-multipart.bin' }));
  const handle = await fs.open(source, 'r');
  const parts = [];
  let next = 0;
  const worker = async () => {
    while (next < partCount) {
      const index = next++;
      const length = Math.min(partBytes, artifactBytes - index * partBytes);
      const body = Buffer.allocUnsafe(length);
      await handle.read(body, 0, length, index * partBytes);
      const { ETag } = await client.send(new UploadPartCommand({ Bucket: 'models', Key: 'raw-multipart.bin', UploadId, PartNumber: index + 1, Body: body }));
      parts[index] = { PartNumber: index + 1, ETag };
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  await handle.close();
  await client.send(new CompleteMultipartUploadCommand({ Bucket: 'models', Key: 'raw-multipart.bin', UploadId, MultipartUpload: { Parts: parts } }));
}

async function benchS3(source, directory) {
  const s3rverMain = require.resolve('s3rver');
  const data = path.join(directory, 's3rver');
  const script = path.join(directory, 'start-s3rver.cjs');
  writeFileSync(
    script,
    `const S3rver = require(${JSON.stringify(s3rverMain)});
new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: ${JSON.stringify(data)}, configureBuckets: [{ name: 'models' }] })
  .run().then((address) => console.log('s3rver listening on ' + address.port));`,
  );
  const server = await startChild([script], /s3rver listening on (\d+)/);
  try {
    const { S3Client, PutObjectCommand, GetObjectCommand } = s3Sdk;
    const connection = { region: 'us-east-1', endpoint: `http://127.0.0.1:${server.captured}`, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
    const client = new S3Client(connection);
    const repository = new S3ModelRepository({ bucket: 'models', ...connection });
    await repository.connect();
    const rawUploadMs = await bestOf(rounds, () => time(() => rawMultipartUpload(client, source)));
    const singlePutMs = await bestOf(rounds, () =>
      time(() => client.send(new PutObjectCommand({ Bucket: 'models', Key: 'raw.bin', Body: createReadStream(source), ContentLength: artifactBytes }))),
    );
    const uploadMs = await bestOf(rounds, () => time(() => repository.put('runs/r/model.bin', createReadStream(source), { sizeBytes: artifactBytes })));
    reportPair('s3.upload256MiB', uploadMs, rawUploadMs, {
      baseline: 'raw SDK multipart upload, same part size (5 MiB) and concurrency (4)',
      singlePutObjectMegabytesPerSecond: throughput(singlePutMs),
      server: 's3rver',
    });
    const rawDownloadMs = await bestOf(rounds, () =>
      time(async () => pipeline((await client.send(new GetObjectCommand({ Bucket: 'models', Key: 'raw.bin' }))).Body, discard())),
    );
    const downloadMs = await bestOf(rounds, () => time(async () => pipeline(await repository.get('runs/r/model.bin'), discard())));
    reportPair('s3.download256MiB', downloadMs, rawDownloadMs, { baseline: 'GetObject', server: 's3rver' });
    client.destroy();
    await repository.close();
  } finally {
    await server.stop();
  }
}

async function benchAzureBlob(source, directory) {
  const azuriteMain = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
  const location = path.join(directory, 'azurite');
  await fs.mkdir(location);
  const server = await startChild(
    [azuriteMain, '--blobHost', '127.0.0.1', '--blobPort', '0', '--location', location, '--silent', '--disableTelemetry', '--skipApiVersionCheck', '--loose'],
    /successfully listens on (http:\/\/\S+)/,
  );
  try {
    // Azurite's documented development account.
    const connectionString = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=${server.captured}/devstoreaccount1;`;
    const container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient('models');
    await container.createIfNotExists();
    const repository = new AzureBlobModelRepository({ connectionString, container: 'models' });
    await repository.connect();
    const raw = container.getBlockBlobClient('raw.bin');
    const rawUploadMs = await bestOf(rounds, () => time(() => raw.uploadStream(createReadStream(source), 4 * 1024 * 1024, 4)));
    const sdkDefaultsMs = await bestOf(rounds, () => time(() => raw.uploadStream(createReadStream(source))));
    const uploadMs = await bestOf(rounds, () => time(() => repository.put('runs/r/model.bin', createReadStream(source), { sizeBytes: artifactBytes })));
    reportPair('azureBlob.upload256MiB', uploadMs, rawUploadMs, {
      baseline: 'uploadStream, same block size (4 MiB) and concurrency (4)',
      sdkDefaultsMegabytesPerSecond: throughput(sdkDefaultsMs),
      server: 'Azurite',
    });
    const rawDownloadMs = await bestOf(rounds, () => time(async () => pipeline((await raw.download()).readableStreamBody, discard())));
    const downloadMs = await bestOf(rounds, () => time(async () => pipeline(await repository.get('runs/r/model.bin'), discard())));
    reportPair('azureBlob.download256MiB', downloadMs, rawDownloadMs, { baseline: 'download', server: 'Azurite' });
  } finally {
    await server.stop();
  }
}

export default async function benchRepositories() {
  const temp = temporaryDirectory('mlops-bench-repositories-');
  try {
    const source = await makeSourceFile(temp.directory);
    await benchLocalFile(source, temp.directory);
    await benchS3(source, temp.directory);
    await benchAzureBlob(source, temp.directory);
  } finally {
    temp.remove();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await benchRepositories();
