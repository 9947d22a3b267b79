import { Command } from '@commander-js/extra-typings';
import { cliVersion } from './cli-version.js';
import { defineArchiveCommands } from './commands/archive-commands.js';
import { defineArtifactCommands } from './commands/artifact-commands.js';
import { defineConfigCommands } from './commands/config-commands.js';
import { defineDeploymentCommands } from './commands/deployment-commands.js';
import { defineExperimentCommands } from './commands/experiment-commands.js';
import { defineMaintenanceCommands } from './commands/maintenance-commands.js';
import { defineMetricCommands } from './commands/metric-commands.js';
import { defineModelCommands } from './commands/model-commands.js';
import { defineRunCommands } from './commands/run-commands.js';
import { defineServerCommand } from './commands/server-command.js';
import { defineUiCommand } from './commands/ui-command.js';

/** The root command with every sub-command declared. Declaring loads no action: each imports its module when it runs. */
export function createProgram(options: { isCompleting?: boolean } = {}): Command<[], { config?: string; color: boolean }> {
  const program = new Command('mlops')
    .description('Experiments, runs, metrics, artifacts, the model registry and deployments of MLOps.ts, from a terminal.')
    .version(cliVersion(), '-V, --version', 'print the version of mlops')
    .option('-c, --config <file>', 'the config file to use (default: MLOPS_CONFIG, else mlops.config.* found from here up)')
    .option('--no-color', 'no colour in the output (also NO_COLOR=1; colour is only used on a terminal)')
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  $ mlops config set store sqlite --path mlops/mlops.db
  $ mlops runs list iris
  $ mlops runs best iris accuracy --maximize --json
  $ mlops deploy iris-classifier @champion --to Production
  $ source <(mlops complete bash)      # shell completion (bash, zsh, fish)

Read commands take --json: one JSON document on stdout, errors on stderr.
Exit status: 0 ok, 2 usage, 3 invalid argument, 4 not found, 5 conflict, 6 unavailable (see the README).`,
    );
  defineConfigCommands(program);
  defineExperimentCommands(program);
  defineRunCommands(program);
  defineMetricCommands(program);
  defineArtifactCommands(program);
  defineModelCommands(program);
  defineDeploymentCommands(program);
  defineMaintenanceCommands(program);
  defineArchiveCommands(program);
  defineServerCommand(program);
  defineUiCommand(program);
  // `mlops complete …` is answered by @bomb.sh/tab, which adds the real command; this one is its entry in the help.
  if (!options.isCompleting) {
    program
      .command('complete')
      .description('print the shell completion script for bash, zsh or fish')
      .argument('<shell>', 'bash, zsh or fish')
      .addHelpText('after', '\nExamples:\n  $ source <(mlops complete bash)      # add to ~/.bashrc\n  $ source <(mlops complete zsh)       # add to ~/.zshrc\n  $ mlops complete fish > ~/.config/fish/completions/mlops.fish');
  }
  return program;
}
