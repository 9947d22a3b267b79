import type { MLOpsContext, ModelVersion, RegisteredModel } from '@mlops-ts/core';
import type { ActionContext } from '../action.js';
import { formatRelativeTime, formatTimestamp } from '../format/relative-time.js';
import { formatFields, formatTable } from '../format/table.js';
import { formatTags } from '../format/values.js';
import { currentUser } from './current-user.js';
import { notFoundAsNull } from './not-found-as-null.js';

/** Results per page when the command reads every page. */
const pageSize = 1000;

export async function listModels({ output, context }: ActionContext, options: { json?: boolean }): Promise<void> {
  const mlops = await context();
  const registeredModels: RegisteredModel[] = [];
  let pageToken: string | undefined;
  do {
    const page = await mlops.model.searchRegisteredModels({ limit: pageSize, ...(pageToken === undefined ? {} : { pageToken }) });
    registeredModels.push(...page.registeredModels);
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  const latest = await Promise.all(registeredModels.map((model) => notFoundAsNull(mlops.model.getLatestModelVersion(model.id))));
  const withLatest = registeredModels.map((model, index) => ({ ...model, latestVersion: latest[index]?.version ?? null }));
  if (options.json) return output.printJson({ registeredModels: withLatest });
  if (withLatest.length === 0) return output.print(output.colors.dim('No registered models yet. Register a run\'s artifact with mlops register <run> <artifact> --model <name>.'));
  output.print(
    formatTable(
      output.colors,
      ['NAME', 'LATEST', 'UPDATED', 'DESCRIPTION', 'TAGS'],
      withLatest.map((model) => [model.name, model.latestVersion === null ? '-' : `v${model.latestVersion}`, formatRelativeTime(model.updatedAt), model.description ?? '', formatTags(model.tags)]),
      { alignRight: [1] },
    ),
  );
}

export async function showModel({ output, context }: ActionContext, reference: string, options: { json?: boolean }): Promise<void> {
  const mlops = await context();
  const registeredModel = await mlops.model.getRegisteredModel(reference);
  const versions = await versionsWithDeployments(mlops, registeredModel.id);
  if (options.json) return output.printJson({ registeredModel, versions });
  const { colors } = output;
  output.print(
    formatFields(colors, [
      ['model', colors.bold(registeredModel.name)],
      ['id', registeredModel.id],
      ['description', registeredModel.description ?? '-'],
      ['tags', formatTags(registeredModel.tags, { withReserved: true }) || '-'],
      ['created', `${formatTimestamp(registeredModel.createdAt)} (${formatRelativeTime(registeredModel.createdAt)})`],
      ['versions', String(versions.length)],
    ]),
  );
  if (versions.length > 0) output.print('', formatVersionTable(output, versions));
}

export async function searchModels(
  { output, context }: ActionContext,
  options: { filter?: string; versions?: boolean; orderBy?: string[]; limit?: number; pageToken?: string; json?: boolean },
): Promise<void> {
  const mlops = await context();
  const query = {
    ...(options.filter === undefined ? {} : { filter: options.filter }),
    ...(options.orderBy === undefined ? {} : { orderBy: options.orderBy }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.pageToken === undefined ? {} : { pageToken: options.pageToken }),
  };
  let nextPageToken: string | undefined;
  if (options.versions) {
    const page = await mlops.model.searchModelVersions(query);
    nextPageToken = page.nextPageToken;
    if (options.json) return output.printJson({ modelVersions: page.modelVersions, nextPageToken: nextPageToken ?? null });
    output.print(page.modelVersions.length === 0 ? output.colors.dim('No versions match.') : formatVersionTable(output, page.modelVersions.map((version) => ({ ...version, deployedTo: null }))));
  } else {
    const page = await mlops.model.searchRegisteredModels(query);
    nextPageToken = page.nextPageToken;
    if (options.json) return output.printJson({ registeredModels: page.registeredModels, nextPageToken: nextPageToken ?? null });
    output.print(
      page.registeredModels.length === 0
        ? output.colors.dim('No registered models match.')
        : formatTable(output.colors, ['NAME', 'ID', 'UPDATED', 'DESCRIPTION', 'TAGS'], page.registeredModels.map((model) => [model.name, model.id, formatRelativeTime(model.updatedAt), model.description ?? '', formatTags(model.tags)])),
    );
  }
  if (nextPageToken !== undefined) output.note(output.colors.dim(`More results: add --page-token ${nextPageToken}`));
}

export async function listVersions({ output, context }: ActionContext, reference: string, options: { json?: boolean }): Promise<void> {
  const mlops = await context();
  const registeredModel = await mlops.model.getRegisteredModel(reference);
  const versions = await versionsWithDeployments(mlops, registeredModel.id);
  if (options.json) return output.printJson({ registeredModel: { id: registeredModel.id, name: registeredModel.name }, versions });
  if (versions.length === 0) return output.print(output.colors.dim(`${registeredModel.name} has no versions.`));
  output.print(formatVersionTable(output, versions));
}

export async function registerModel(
  { output, context }: ActionContext,
  runId: string,
  artifactPath: string,
  options: { model?: string; description?: string; tag?: Record<string, string>; by?: string; json?: boolean },
): Promise<void> {
  const mlops = await context();
  const run = await mlops.lifecycle.getRun(runId);
  const version = await mlops.model.registerModel(run.experimentId, { runId: run.id, path: artifactPath }, currentUser(options.by), {
    ...(options.model === undefined ? {} : { model: options.model }),
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.tag === undefined ? {} : { tags: options.tag }),
  });
  output.printResult(version, `Registered ${artifactPath} of run ${run.id} as ${version.modelName} version ${version.version} (models:/${version.modelName}/${version.version}).`);
}

export async function setAlias({ output, context }: ActionContext, model: string, alias: string, version: number): Promise<void> {
  await (await context()).model.setAlias(model, alias, version);
  output.print(`${model}@${alias} now points at version ${version} (models:/${model}@${alias}).`);
}

export async function deleteAlias({ output, context }: ActionContext, model: string, alias: string): Promise<void> {
  await (await context()).model.deleteAlias(model, alias);
  output.print(`Removed the alias ${alias} of ${model}.`);
}

type VersionWithDeployments = ModelVersion & { deployedTo: string[] | null };

/** The versions of a registered model, newest first, each with the targets that currently serve it. */
async function versionsWithDeployments(mlops: MLOpsContext, registeredModelId: string): Promise<VersionWithDeployments[]> {
  const [versions, targets] = await Promise.all([mlops.model.getModelVersions(registeredModelId), mlops.deployment.getDeploymentTargets()]);
  const current = await Promise.all(targets.map((target) => notFoundAsNull(mlops.deployment.getCurrentDeployment(registeredModelId, target.id))));
  return [...versions]
    .sort((a, b) => b.version - a.version)
    .map((version) => ({ ...version, deployedTo: targets.filter((_target, index) => current[index]?.modelVersionId === version.id).map((target) => target.name) }));
}

function formatVersionTable(output: ActionContext['output'], versions: readonly VersionWithDeployments[]): string {
  const { colors } = output;
  const showsDeployments = versions.some((version) => version.deployedTo !== null);
  return formatTable(
    colors,
    ['MODEL', 'VERSION', 'ALIASES', ...(showsDeployments ? ['DEPLOYED TO'] : []), 'RUN', 'ARTIFACT', 'REGISTERED', 'BY'],
    versions.map((version) => [
      version.modelName,
      `v${version.version}`,
      colors.cyan(version.aliases.map((alias) => `@${alias}`).join(' ')),
      ...(showsDeployments ? [colors.green((version.deployedTo ?? []).join(', '))] : []),
      version.runId,
      version.artifactPath,
      formatRelativeTime(version.registeredAt),
      version.registeredBy,
    ]),
    { alignRight: [1] },
  );
}
