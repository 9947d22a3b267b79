import { MLOpsError } from '../errors.js';
import { describe } from '../validation.js';

/** What `createRun` records about where it runs; see `runContextTags`. */
export interface RunContextOptions {
  /**
   * The folder whose git repository and nearest package.json describe the runs.
   * Default: the process's working folder at each `createRun`.
   */
  workingDirectory?: string;
  /**
   * The package dependencies recorded with each new run: 'production' (dependencies and
   * optionalDependencies of the nearest package.json, the default), 'all' (devDependencies
   * too) or 'none'.
   */
  packageDependencies?: 'production' | 'all' | 'none';
}

const packageDependencySelections = ['production', 'all', 'none'] as const;
const optionNames = ['workingDirectory', 'packageDependencies'];

/**
 * Checks the `captureRunContext` option: `true` or absent (capture with defaults), `false`
 * (capture nothing) or `RunContextOptions`. Returns the options, or false.
 * @throws MLOpsError INVALID_ARGUMENT naming the value that is wrong.
 */
export function resolveRunContextOptions(value: unknown): RunContextOptions | false {
  if (value === undefined || value === true) return {};
  if (value === false) return false;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The captureRunContext option ${describe(value)} is not true, false or an object. Pass false to record no run context, or options such as { packageDependencies: 'all' }.`,
    );
  }
  const options = value as Record<string, unknown>;
  const unknown = Object.keys(options).find((name) => !optionNames.includes(name));
  if (unknown !== undefined) {
    throw new MLOpsError('INVALID_ARGUMENT', `captureRunContext has no option '${unknown}'. Use ${optionNames.join(' or ')}.`);
  }
  const { workingDirectory, packageDependencies } = options;
  if (workingDirectory !== undefined && (typeof workingDirectory !== 'string' || workingDirectory === '')) {
    throw new MLOpsError('INVALID_ARGUMENT', `captureRunContext.workingDirectory ${describe(workingDirectory)} is not a folder path. Pass a path such as process.cwd(), or leave it out.`);
  }
  if (packageDependencies !== undefined && !packageDependencySelections.includes(packageDependencies as never)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `captureRunContext.packageDependencies ${describe(packageDependencies)} is not one of ${packageDependencySelections.map((name) => `'${name}'`).join(', ')}. Pass 'all' to record devDependencies too, 'none' to record none.`,
    );
  }
  return { ...(workingDirectory === undefined ? {} : { workingDirectory }), ...(packageDependencies === undefined ? {} : { packageDependencies }) } as RunContextOptions;
}
