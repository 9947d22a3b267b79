import { MLOpsError } from '@mlops-ts/core';

/**
 * Imports an optional peer of the CLI (`load` names it literally, so its types are checked),
 * or says exactly which packages to install beside @mlops-ts/cli.
 *
 * @throws MLOpsError NOT_FOUND when `packageName` is not installed.
 */
export async function importOptionalPeer<Module>(load: () => Promise<Module>, command: string, packageName: string, install: readonly string[] = [packageName]): Promise<Module> {
  try {
    return await load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(packageName)) {
      const several = install.length > 1;
      throw new MLOpsError(
        'NOT_FOUND',
        `${command} needs the package${several ? 's' : ''} ${install.join(' and ')}, which ${several ? 'are' : 'is'} not installed. Install ${several ? 'them' : 'it'} beside @mlops-ts/cli: npm i ${install.join(' ')}`,
        { cause: error },
      );
    }
    throw error;
  }
}
