import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { action } from '../action.js';
import { jsonOption, withExamples } from './command-helpers.js';

/** `export`, `import`: the whole store and repository as one portable archive file. */
export function defineArchiveCommands(program: CommandUnknownOpts): void {
  withExamples(
    program
      .command('export')
      .description('write every experiment, run, metric history, data set, artifact, registered model, version, alias, deployment target and deployment, with the blobs, to one archive file (streamed)')
      .argument('<file>', 'the archive to write, e.g. mlops-archive.tar')
      .option('-f, --force', 'replace the file when it exists')
      .addOption(jsonOption())
      .action(action(async (context, file, options) => (await import('../actions/archive-actions.js')).exportArchive(context, file, options))),
    'mlops export mlops-archive.tar',
    'mlops --config postgres.config.json export backup.tar --force --json',
  );
  withExamples(
    program
      .command('import')
      .description('write an archive of mlops export into the configured store and repository, keeping ids, version numbers and history; refused when the store already holds any of its experiments, models or targets')
      .argument('<file>', 'the archive mlops export wrote')
      .addOption(jsonOption())
      .action(action(async (context, file, options) => (await import('../actions/archive-actions.js')).importArchive(context, file, options))),
    'mlops config set store postgres --connection-string \'${DATABASE_URL}\' && mlops import mlops-archive.tar',
    'mlops --config postgres.config.json import mlops-archive.tar --json',
  );
}
