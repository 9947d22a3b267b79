// Serves the seeded store with the built UI, for looking at the UI by hand:
//   node --conditions=@mlops-ts/source --import tsx test/support/demo-server.ts [port]
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTrackingServer } from '@mlops-ts/server';
import { uiTokens } from './global-setup.js';
import { openStore, seedStore } from './seed.js';

const folder = await mkdtemp(path.join(os.tmpdir(), 'mlops-ui-demo-'));
const mlops = await openStore({ databasePath: path.join(folder, 'mlops.db'), modelsPath: path.join(folder, 'models') });
const seeded = await seedStore(mlops);
const server = await createTrackingServer(mlops, { port: Number(process.argv[2] ?? 0), ui: true, tokens: [uiTokens.writer, uiTokens.reader] });
console.log(JSON.stringify({ url: server.url, folder, token: uiTokens.writer.token, seeded: { experimentId: seeded.experimentId, registeredModelId: seeded.registeredModelId, run07: seeded.runs['run-07'] } }));
