import { evaluateModelVersionSearch, evaluateRegisteredModelSearch, parseFilter, parseOrderBy, type MLOpsContext, type ModelVersion } from '@mlops-ts/core';
import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';
import { uploadModel } from './registry.js';

/** Three registered models with versions of varied tags, descriptions, authors and aliases. */
async function seedRegistry(mlops: MLOpsContext): Promise<ModelVersion[]> {
  const plan: { model: string; by: string; description?: string; tags?: Record<string, string>; aliases?: string[] }[] = [
    { model: 'iris-classifier', by: 'ada', description: 'baseline', tags: { stage: 'prod', team: 'vision' }, aliases: ['champion'] },
    { model: 'iris-classifier', by: 'bob', tags: { stage: 'staging' }, aliases: ['challenger', 'blue'] },
    { model: 'iris-classifier', by: 'ada', description: 'Tuned 50%' },
    { model: 'fraud detector', by: 'carol', description: 'first', tags: { stage: 'prod' }, aliases: ['champion'] },
    { model: 'fraud detector', by: 'ada', tags: { team: 'risk', 'odd key': 'x' } },
    { model: 'Zeta_model', by: 'bob', description: 'Ünïcode é', aliases: ['green'] },
  ];
  for (const [index, entry] of plan.entries()) {
    const artifact = await uploadModel(mlops, 'search-source', `model ${index}`);
    const version = await mlops.model.registerModel('search-source', artifact.id, entry.by, {
      model: entry.model,
      ...(entry.description === undefined ? {} : { description: entry.description }),
      ...(entry.tags === undefined ? {} : { tags: entry.tags }),
    });
    for (const alias of entry.aliases ?? []) await mlops.model.setAlias(entry.model, alias, version.version);
  }
  await mlops.model.setRegisteredModelTags('iris-classifier', { team: 'vision' });
  await mlops.model.updateRegisteredModel('fraud detector', { description: 'Fraud models' });
  const versions: ModelVersion[] = [];
  for (const model of ['iris-classifier', 'fraud detector', 'Zeta_model']) versions.push(...(await mlops.model.getModelVersions(model)));
  return versions;
}

const versionFilters = [
  "name = 'iris-classifier'",
  "name LIKE 'iris%' and version >= 2",
  "name ILIKE 'zeta%'",
  'version > 1.5',
  "registered_by IN ('ada', 'carol')",
  "registered_by NOT IN ('ada')",
  'description IS NULL',
  "description LIKE '%50\\%'",
  "description != 'first'",
  "tags.stage = 'prod'",
  'tags.stage IS NULL',
  "tags.`odd key` = 'x'",
  "tags.team != 'vision'",
  "alias = 'champion'",
  "alias != 'champion'",
  'alias IS NULL',
  'alias IS NOT NULL',
  "alias IN ('blue', 'green')",
  "alias NOT IN ('champion', 'green')",
  "alias LIKE 'ch%'",
  "alias = 'champion' and name = 'fraud detector'",
  "alias = 'challenger' or tags.stage = 'prod'",
  "(alias = 'blue' and alias = 'challenger') or version = 3",
];

const versionOrders = [undefined, ['version DESC'], ['name', 'version DESC'], ['tags.stage DESC', 'registered_by'], ['description']];

/** searchModelVersions and searchRegisteredModels: the filter language, ordering and paging of searchRuns. */
export const registrySearchSuite: ConcernSuite = (kit) => {
  kit.test('searchModelVersions returns what the core’s reference evaluator returns, for every filter and order', async () => {
    const versions = await seedRegistry(kit.mlops);
    for (const filter of versionFilters) {
      for (const orderBy of versionOrders) {
        const { modelVersions } = await kit.mlops.model.searchModelVersions({ filter, ...(orderBy ? { orderBy } : {}), limit: 1_000 });
        const expected = evaluateModelVersionSearch(versions, { filter: parseFilter(filter, { target: 'model-versions' }), orderBy: parseOrderBy(orderBy, 'model-versions'), limit: 1_000, offset: 0 });
        expect(modelVersions.map((version) => `${version.modelName}/${version.version}`), `${filter} ORDER BY ${String(orderBy)}`).toEqual(
          expected.modelVersions.map((version) => `${version.modelName}/${version.version}`),
        );
      }
    }
  });

  kit.test('searchModelVersions finds versions by alias and returns them whole', async () => {
    await seedRegistry(kit.mlops);
    const { modelVersions } = await kit.mlops.model.searchModelVersions({ filter: "alias = 'champion'", orderBy: ['name'] });
    expect(modelVersions.map((version) => [version.modelName, version.version, version.aliases])).toEqual([
      ['fraud detector', 1, ['champion']],
      ['iris-classifier', 1, ['champion']],
    ]);
    expect(modelVersions[1]).toMatchObject({ registeredBy: 'ada', description: 'baseline', tags: { stage: 'prod', team: 'vision' } });
  });

  kit.test('searchModelVersions pages with tokens, each version once, leaving out versions registered meanwhile', async () => {
    await seedRegistry(kit.mlops);
    const seen: string[] = [];
    let page = await kit.mlops.model.searchModelVersions({ orderBy: ['name', 'version'], limit: 4 });
    seen.push(...page.modelVersions.map((version) => version.id));
    await kit.mlops.model.registerModel('search-source', (await uploadModel(kit.mlops, 'search-source', 'late')).id, 'ada', { model: 'Zeta_model' });
    while (page.nextPageToken) {
      page = await kit.mlops.model.searchModelVersions({ orderBy: ['name', 'version'], limit: 4, pageToken: page.nextPageToken });
      seen.push(...page.modelVersions.map((version) => version.id));
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect((await kit.mlops.model.searchModelVersions({ limit: 100 })).modelVersions).toHaveLength(7);
  });

  kit.test('search errors are INVALID_ARGUMENT: bad filters, fields runs have but versions lack, sorting by alias, foreign page tokens, bad limits', async () => {
    await seedRegistry(kit.mlops);
    await expectMLOpsError(kit.mlops.model.searchModelVersions({ filter: 'version >' }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.searchModelVersions({ filter: 'metrics.accuracy > 0.9' }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.searchModelVersions({ filter: "status = 'finished'" }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.searchModelVersions({ filter: "version = '1'" }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.searchModelVersions({ orderBy: ['alias'] }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.searchModelVersions({ limit: 0 }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.searchRegisteredModels({ filter: 'version = 1' }), 'INVALID_ARGUMENT');
    const { nextPageToken } = await kit.mlops.model.searchModelVersions({ limit: 1 });
    await expectMLOpsError(kit.mlops.model.searchModelVersions({ limit: 1, filter: 'version = 1', pageToken: nextPageToken! }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.searchModelVersions({ pageToken: 'not-a-token' }), 'INVALID_ARGUMENT');
  });

  kit.test('searchRegisteredModels filters by name, description and tags, ordered by name unless told otherwise', async () => {
    const versions = await seedRegistry(kit.mlops);
    const models = await Promise.all(['iris-classifier', 'fraud detector', 'Zeta_model'].map((name) => kit.mlops.model.getRegisteredModel(name)));
    expect((await kit.mlops.model.searchRegisteredModels()).registeredModels.map((model) => model.name)).toEqual(['Zeta_model', 'fraud detector', 'iris-classifier']);
    for (const filter of ["name LIKE '%model%'", "name ILIKE 'ZETA%'", "tags.team = 'vision'", 'description IS NOT NULL', "description = 'Fraud models'", `updated_at >= ${versions[0]!.registeredAt}`]) {
      for (const orderBy of [undefined, ['updated_at DESC'], ['tags.team', 'name DESC']]) {
        const { registeredModels } = await kit.mlops.model.searchRegisteredModels({ filter, ...(orderBy ? { orderBy } : {}) });
        const expected = evaluateRegisteredModelSearch(models, { filter: parseFilter(filter, { target: 'registered-models' }), orderBy: parseOrderBy(orderBy, 'registered-models'), limit: 100, offset: 0 });
        expect(registeredModels.map((model) => model.name), `${filter} ORDER BY ${String(orderBy)}`).toEqual(expected.registeredModels.map((model) => model.name));
      }
    }
    expect((await kit.mlops.model.searchRegisteredModels({ filter: "tags.team = 'vision'" })).registeredModels[0]).toMatchObject({ name: 'iris-classifier', tags: { team: 'vision' } });
    const first = await kit.mlops.model.searchRegisteredModels({ limit: 2 });
    const second = await kit.mlops.model.searchRegisteredModels({ limit: 2, pageToken: first.nextPageToken! });
    expect([...first.registeredModels, ...second.registeredModels].map((model) => model.name)).toEqual(['Zeta_model', 'fraud detector', 'iris-classifier']);
    expect(second.nextPageToken).toBeUndefined();
  });
};
