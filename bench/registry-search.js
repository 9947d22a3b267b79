// searchModelVersions over 10,000 versions (100 registered models × 100 versions, tags and
// aliases), natively compiled by the store, against a scan in JavaScript of the same versions.
import { median, report, round, time } from './lib.js';

const modelCount = 100;
const versionsPerModel = 100;
const searchCalls = 20;
const searchQuery = { filter: "tags.stage = 'prod' and version > 50", orderBy: ['registered_at DESC'], limit: 100 };

/** A UUID-shaped id that sorts in creation order, as UUID v7 ids do. */
function id(kind, index) {
  return `0191${String(kind).padStart(4, '0')}-0000-7000-8000-${String(index).padStart(12, '0')}`;
}

/** 10,000 versions through the store: stage tags over five values, a team tag, the alias 'champion' on each model's version 90. */
async function populateVersions(mlops) {
  const store = mlops.metadataStore;
  const run = await mlops.lifecycle.createRun('registry-bench');
  const artifact = await mlops.model.upload(run.id, Buffer.from('model'), { name: 'model.onnx' });
  const stages = ['dev', 'staging', 'prod', 'archived', 'candidate'];
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  let count = 0;
  for (let model = 0; model < modelCount; model++) {
    const registered = await store.createRegisteredModel({ id: id(2, model), name: `model-${model}`, description: null, tags: {}, createdAt: 1, updatedAt: 1 });
    for (let version = 1; version <= versionsPerModel; version++) {
      const created = await store.createModelVersion({
        id: id(3, count++),
        registeredModelId: registered.id,
        runId: run.id,
        runArtifactId: artifact.id,
        artifactPath: artifact.name,
        registeredBy: `user-${Math.floor(random() * 20)}`,
        registeredAt: 1_700_000_000_000 + count,
        description: null,
        tags: { stage: stages[Math.floor(random() * stages.length)], team: `team-${model % 10}` },
      });
      if (version === 90) await store.setModelAlias({ registeredModelId: registered.id, alias: 'champion', modelVersionId: created.id });
    }
  }
}

/** The same search as plain JavaScript over versions already in memory: filter, sort, slice. */
function scanInJavaScript(versions) {
  const matching = versions.filter((version) => version.tags.stage === 'prod' && version.version > 50);
  matching.sort((a, b) => b.registeredAt - a.registeredAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return matching.slice(0, searchQuery.limit);
}

/** Measures `model.searchModelVersions` on the context's store. */
export async function benchSearchModelVersions(providerId, mlops, targetMs, afterLoad = async () => {}) {
  const setupMs = await time(() => populateVersions(mlops));
  await afterLoad();
  const search = () => mlops.model.searchModelVersions(searchQuery);
  await search(); // warm-up: statement caches, JIT
  const searchTimes = [];
  let result;
  for (let call = 0; call < searchCalls; call++) searchTimes.push(await time(async () => (result = await search())));

  // Baselines: a scan in JavaScript over the same versions in memory, and what a store
  // without native search costs (the core lists every model's versions, then scans).
  let inMemory;
  const listAndScanMs = await time(async () => {
    const models = await mlops.metadataStore.listRegisteredModels();
    inMemory = (await Promise.all(models.map((model) => mlops.metadataStore.listModelVersions(model.id)))).flat();
  });
  const scanTimes = [];
  let expected;
  for (let call = 0; call < searchCalls; call++) scanTimes.push(await time(() => (expected = scanInJavaScript(inMemory))));
  const searchMs = median(searchTimes);
  const scanMs = median(scanTimes);
  report({
    figure: `${providerId}.searchModelVersions`,
    medianMs: round(searchMs, 2),
    target: targetMs,
    targetKind: 'max',
    jsScanRatio: round(scanMs / searchMs),
    jsScanMedianMs: round(scanMs, 2),
    listAndScanRatio: round((listAndScanMs + scanMs) / searchMs),
    sameVersionsAsScan: result.modelVersions.map((version) => version.id).join() === expected.map((version) => version.id).join(),
    versions: inMemory.length,
    matched: result.modelVersions.length,
    setupSeconds: round(setupMs / 1000, 1),
    query: searchQuery,
  });
}
