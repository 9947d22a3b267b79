// The tracking server of remote.bench.js, in a process of its own (as in production, the
// client and the server each have an event loop): SQLite at argv[2], files under argv[3].
import { MLOpsBuilder } from '@mlops-ts/core';
import '@mlops-ts/sqlite';
import { createTrackingServer } from '@mlops-ts/server';

const mlops = await new MLOpsBuilder({ captureRunContext: false }).useSQLite(process.argv[2]).useLocalFileModelRepository(process.argv[3]).build();
const server = await createTrackingServer(mlops, { port: 0, logger: false, closeContext: true, tokens: [{ name: 'bench', token: process.env.MLOPS_BENCH_TOKEN, scope: 'write' }] });
process.stdout.write(`listening on ${server.url}\n`);
process.once('SIGTERM', () => server.close().then(() => process.exit(0)));
