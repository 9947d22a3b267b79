import { formatModelUri, MLOpsError, type Deployment, type DeploymentTarget } from '@mlops-ts/core';
import type { ActionContext } from '../action.js';
import { formatRelativeTime } from '../format/relative-time.js';
import { formatTable } from '../format/table.js';
import { currentUser } from './current-user.js';

export async function listTargets({ output, context }: ActionContext, options: { json?: boolean }): Promise<void> {
  const targets = await (await context()).deployment.getDeploymentTargets();
  if (options.json) return output.printJson({ targets });
  if (targets.length === 0) return output.print(output.colors.dim('No deployment targets yet. Create one with mlops targets create <name>.'));
  output.print(formatTable(output.colors, ['NAME', 'PRODUCTION', 'ID', 'CREATED'], targets.map((target) => [target.name, target.isProduction ? output.colors.yellow('yes') : 'no', target.id, formatRelativeTime(target.createdAt)])));
}

export async function createTarget({ output, context }: ActionContext, name: string, options: { production?: boolean; json?: boolean }): Promise<void> {
  const target = await (await context()).deployment.createDeploymentTarget(name, { isProduction: options.production === true });
  output.printResult(target, `Created deployment target ${target.name}${target.isProduction ? ' (production)' : ''}.`);
}

export async function deleteTarget({ output, context }: ActionContext, target: string): Promise<void> {
  await (await context()).deployment.deleteDeploymentTarget(target);
  output.print(`Deleted deployment target ${target}.`);
}

export async function deploy({ output, context }: ActionContext, model: string, versionText: string, options: { to: string; by?: string; json?: boolean }): Promise<void> {
  const mlops = await context();
  const registeredModel = await mlops.model.getRegisteredModel(model);
  const uri = formatModelUri(registeredModel.name, parseVersionReference(versionText));
  const deployment = await mlops.deployment.deployModel(options.to, uri, currentUser(options.by));
  const version = deployment.modelVersionId === null ? null : (await mlops.model.getModelVersions(registeredModel.id)).find((candidate) => candidate.id === deployment.modelVersionId);
  output.printResult(deployment, `Deployed ${registeredModel.name} version ${version?.version ?? '?'} (${uri}) to ${options.to}: ${deployment.uri ?? ''}`.trimEnd());
}

export async function undeploy({ output, context }: ActionContext, model: string, options: { target: string; by?: string }): Promise<void> {
  await (await context()).deployment.undeploy(model, options.target, currentUser(options.by));
  output.print(`${options.target} no longer serves ${model}.`);
}

export async function rollback({ output, context }: ActionContext, model: string, options: { target: string; by?: string; json?: boolean }): Promise<void> {
  const mlops = await context();
  const deployment = await mlops.deployment.rollback(model, options.target, currentUser(options.by));
  const version = (await mlops.model.getModelVersions(model)).find((candidate) => candidate.id === deployment.modelVersionId);
  output.printResult(deployment, `Rolled ${model} on ${options.target} back to version ${version?.version ?? '?'}.`);
}

export async function history({ output, context }: ActionContext, model: string, options: { target?: string; json?: boolean }): Promise<void> {
  const mlops = await context();
  const registeredModel = await mlops.model.getRegisteredModel(model);
  const [deployments, targets, versions] = await Promise.all([mlops.deployment.getDeployments(registeredModel.id), mlops.deployment.getDeploymentTargets(), mlops.model.getModelVersions(registeredModel.id)]);
  const targetOf = new Map(targets.map((target) => [target.id, target]));
  const versionOf = new Map(versions.map((version) => [version.id, version.version]));
  const chosen = options.target === undefined ? undefined : findTarget(targets, options.target);
  const entries = deployments
    .filter((deployment) => chosen === undefined || deployment.deploymentTargetId === chosen.id)
    .sort((a, b) => b.deployedAt - a.deployedAt)
    .map((deployment: Deployment) => ({ ...deployment, target: targetOf.get(deployment.deploymentTargetId)?.name ?? null, version: deployment.modelVersionId === null ? null : (versionOf.get(deployment.modelVersionId) ?? null) }));
  if (options.json) return output.printJson({ registeredModel: { id: registeredModel.id, name: registeredModel.name }, deployments: entries });
  if (entries.length === 0) return output.print(output.colors.dim(`${registeredModel.name} has not been deployed${chosen === undefined ? '' : ` to ${chosen.name}`}.`));
  const current = new Set(targets.map((target) => entries.find((entry) => entry.deploymentTargetId === target.id)?.id));
  output.print(
    formatTable(
      output.colors,
      ['TARGET', 'VERSION', 'DEPLOYED', 'BY', 'URI'],
      entries.map((entry) => [
        current.has(entry.id) ? output.colors.bold(`${entry.target ?? entry.deploymentTargetId} ●`) : `${entry.target ?? entry.deploymentTargetId}`,
        entry.modelVersionId === null ? output.colors.dim('undeployed') : `v${entry.version ?? '?'}`,
        formatRelativeTime(entry.deployedAt),
        entry.deployedBy,
        entry.uri ?? '',
      ]),
    ),
  );
  output.note(output.colors.dim('● what each target serves now'));
}

export async function uri({ output, context }: ActionContext, model: string, options: { target: string; url?: boolean; expiresIn?: number; json?: boolean }): Promise<void> {
  const mlops = await context();
  if (options.url) {
    const url = await mlops.deployment.getDeployedModelUrl(model, options.target, options.expiresIn === undefined ? {} : { expiresInSeconds: options.expiresIn });
    if (options.json) return output.printJson({ model, target: options.target, url, expiresInSeconds: options.expiresIn ?? 3600 });
    return output.print(url);
  }
  if (options.expiresIn !== undefined) throw new MLOpsError('INVALID_ARGUMENT', '--expires-in goes with --url (a storage URI does not expire). Add --url, or leave --expires-in out.');
  const location = await mlops.deployment.getDeploymentUri(model, options.target);
  if (options.json) return output.printJson({ model, target: options.target, uri: location });
  output.print(location);
}

/** `3` → 3, `@champion` → the alias, `latest` (or a models:/ URI's part after the name). */
function parseVersionReference(text: string): number | 'latest' | { alias: string } {
  if (text === 'latest') return 'latest';
  if (text.startsWith('@')) return { alias: text.slice(1) };
  const number = Number(text.replace(/^v/, ''));
  if (Number.isSafeInteger(number) && number > 0) return number;
  throw new MLOpsError('INVALID_ARGUMENT', `'${text}' is not a version. Give a version number (3), an alias (@champion) or latest.`);
}

function findTarget(targets: readonly DeploymentTarget[], reference: string): DeploymentTarget {
  const found = targets.find((target) => target.id === reference || target.name === reference);
  if (found === undefined) throw new MLOpsError('NOT_FOUND', `Deployment target '${reference}' does not exist. List targets with mlops targets list.`);
  return found;
}
