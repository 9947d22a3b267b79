import path from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import type { ConcernSuite, SuiteKit } from '../harness.js';
import { listKeys, listModelKeys, patternBytes, readAll, sha256 } from '../helpers.js';

/** Experiment, target and artifact names that an unsafe key layout turns into dot segments or overlong keys. */
interface HostileNames {
  description: string;
  experiment: string;
  target: string;
  artifact: string;
}

const hostileNames: HostileNames[] = [
  { description: "'..' everywhere a name is free", experiment: '..', target: '..', artifact: 'model.bin' },
  { description: "'.' as experiment and target", experiment: '.', target: '.', artifact: '..model.bin' },
  { description: 'percent-encoded dots', experiment: '%2e%2e', target: '%2E%2E', artifact: '%2e%2e/%2E/%2e%2e' },
  { description: 'names with slashes that climb', experiment: '../../escape', target: '../..', artifact: '.../model.bin' },
  { description: 'dot segments between slashes', experiment: 'a/./b/../c', target: '/', artifact: '.hidden/..' + '.bin' },
  { description: 'names made of three dots and a leading dot', experiment: '...', target: '.hidden', artifact: '.model.bin' },
  { description: 'Unicode, spaces and climbing slashes', experiment: '模型/../..', target: 'Prod ü 🚀', artifact: '日本/ü 🚀/model (final).bin' },
  { description: 'very long ASCII names', experiment: 'e'.repeat(500), target: 't'.repeat(250), artifact: `${'a'.repeat(200)}/model.bin` },
  { description: 'very long Unicode names', experiment: '模'.repeat(500), target: '🚀'.repeat(125), artifact: `dir/${'é'.repeat(100)}` },
  { description: 'a broken surrogate pair', experiment: 'model-\uD83D', target: '\uDE80', artifact: 'model.bin' },
];

/** True when a key has an empty, '.' or '..' segment, which some services and SDKs collapse. */
function hasDotOrEmptySegment(key: string): boolean {
  return key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..');
}

/** Runs, uploads, registers and deploys through the public API; returns what a user would check. */
async function deployThroughApi(kit: SuiteKit, names: Omit<HostileNames, 'description'>, seed: number) {
  const bytes = patternBytes(50_000 + seed, seed);
  const run = await kit.mlops.lifecycle.createRun(names.experiment);
  const artifact = await kit.mlops.model.upload(run.id, bytes, { name: names.artifact });
  const registered = await kit.mlops.model.registerModel(names.experiment, artifact.id, 'ada');
  await kit.mlops.deployment.createDeploymentTarget(names.target);
  const deployment = await kit.mlops.deployment.deployModel(names.target, registered, 'ada');
  return { run, artifact, deployment, bytes };
}

/**
 * The core builds keys from ids and names (run artifacts: `runs/{runId}/{artifact name}`;
 * deployments: `deployments/{registered model id}/{target id}/{file name}`, and the first
 * release's `deployments/{experiment}/{target}/{file name}`). Whatever the names, every
 * key a repository ends up holding stays under those prefixes, has no `.`, `..` or empty
 * segment, and the deployed model comes back intact.
 */
export const keyLayoutSuite: ConcernSuite = (kit) => {
  for (const [index, names] of hostileNames.entries()) {
    kit.test(`deploying with ${names.description} keeps every key under its prefix, without dot segments, and serves the model intact`, async () => {
      const { run, artifact, deployment, bytes } = await deployThroughApi(kit, names, index + 1);

      const keys = await listModelKeys(kit.repository);
      const runKey = `runs/${run.id}/${artifact.name}`;
      expect(keys).toContain(runKey);
      expect(keys).toHaveLength(2);
      const deployedKey = keys.find((key) => key !== runKey)!;
      expect(deployedKey.startsWith('deployments/'), deployedKey).toBe(true);
      // deployments/{registered model id}/{target id}/{file}: names never add segments of their own.
      expect(deployedKey.split('/')).toHaveLength(4);
      expect(deployedKey.split('/').at(-1)).toBe(path.posix.basename(artifact.name));
      for (const key of keys) expect(hasDotOrEmptySegment(key), key).toBe(false);
      expect(deployment.uri).toBe(kit.repository.uri(deployedKey));

      const served = await readAll(await kit.mlops.deployment.openDeployedModel(names.experiment, names.target));
      expect(sha256(served)).toBe(sha256(bytes));
      // download verifies size and SHA-256 against what upload recorded.
      await kit.mlops.model.download(run.id, new Writable({ write: (_chunk, _encoding, callback) => callback() }));
    });
  }

  kit.test('experiments whose names differ only in how dots and long tails are written deploy to distinct keys', async () => {
    const experiments = ['..', '.', '%2E%2E', '%2e%2e', '.%2E', '%252E%252E', `${'x'.repeat(499)}a`, `${'x'.repeat(499)}b`];
    const deployed = [];
    for (const [index, experiment] of experiments.entries()) {
      deployed.push({ experiment, ...(await deployThroughApi(kit, { experiment, target: '..', artifact: 'model.bin' }, index + 20)) });
    }
    const keys = await listKeys(kit.repository, 'deployments/');
    expect(keys).toHaveLength(experiments.length);
    for (const key of keys) expect(hasDotOrEmptySegment(key), key).toBe(false);
    for (const { experiment, bytes } of deployed) {
      const served = await readAll(await kit.mlops.deployment.openDeployedModel(experiment, '..'));
      expect(sha256(served), `the model served for experiment '${experiment.slice(0, 20)}'`).toBe(sha256(bytes));
    }
  });
};
