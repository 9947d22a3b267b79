import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { action } from '../action.js';
import { jsonOption, withExamples } from './command-helpers.js';

const load = () => import('../actions/artifact-actions.js');

/** `artifacts list|upload|download`. */
export function defineArtifactCommands(program: CommandUnknownOpts): void {
  const artifacts = program.command('artifacts').alias('artifact').description("list, upload and download a run's files (models, plots, reports)");
  withExamples(
    artifacts
      .command('list')
      .alias('ls')
      .description("a run's artifacts with size and SHA-256 (MLOps.NET: ls-artifacts)")
      .argument('<run>', 'run id')
      .addOption(jsonOption())
      .action(action(async (context, run, options) => (await load()).listArtifacts(context, run, options))),
    'mlops artifacts list 0190a0c4-…',
  );
  withExamples(
    artifacts
      .command('upload')
      .description('upload a file as an artifact of a run (a progress bar on a terminal)')
      .argument('<run>', 'run id')
      .argument('<file>', 'the file to upload')
      .option('--name <name>', "the artifact's name, a relative path (default: the file's name)")
      .addOption(jsonOption())
      .action(action(async (context, run, file, options) => (await load()).uploadArtifact(context, run, file, options))),
    'mlops artifacts upload "$RUN" out/model.onnx',
    'mlops artifacts upload "$RUN" out/report.html --name reports/eval.html',
  );
  withExamples(
    artifacts
      .command('download')
      .description("download a run's artifact, or a registered version's file, verified against its SHA-256")
      .argument('<source>', "a run id, or a version's URI: models:/<model>/<version>, models:/<model>@<alias>, models:/<model>/latest")
      .option('--name <name>', "which artifact of the run (needed when it has several)")
      .option('-o, --out <path>', 'the file (or an existing folder) to write; default: the artifact\'s file name here')
      .addOption(jsonOption())
      .action(action(async (context, source, options) => (await load()).downloadArtifact(context, source, options))),
    'mlops artifacts download "$RUN" --name model.onnx --out model.onnx',
    'mlops artifacts download models:/iris-classifier@champion --out deploy/',
  );
}
