import { createInterface } from 'node:readline/promises';
import type { MLOpsContext } from '@mlops-ts/core';
import { CommandError, type ActionContext } from '../action.js';
import { plural } from '../format/values.js';

/** `mlops purge`: asks on a terminal (after saying what would go), refuses without one unless --yes. */
export async function purge({ output, context }: ActionContext, options: { olderThan?: number; experiment?: string; yes?: boolean; json?: boolean }): Promise<void> {
  const mlops = await context();
  if (!options.yes) {
    if (!process.stdin.isTTY || !output.isErrorTerminal) {
      throw new CommandError('CANCELLED', 'mlops purge removes deleted runs and experiments for good and asks first, but there is no terminal to ask on. Add --yes to purge without asking.');
    }
    const pending = await countPurgeable(mlops, options);
    if (pending.runs === 0 && pending.experiments === 0) {
      output.printResult({ runs: [], experiments: [], blobs: 0 }, 'Nothing to purge: no deleted runs or experiments match.');
      return;
    }
    const question = `Remove ${plural(pending.runs, 'deleted run')} and ${plural(pending.experiments, 'deleted experiment')} for good, with their metrics, data and artifacts? [y/N] `;
    if (!(await confirm(question))) throw new CommandError('CANCELLED', 'Purge cancelled: nothing was removed.');
  }
  const result = await mlops.lifecycle.purge({ ...(options.olderThan === undefined ? {} : { olderThanMs: options.olderThan }), ...(options.experiment === undefined ? {} : { experiment: options.experiment }) });
  output.printResult(result, `Purged ${plural(result.runs.length, 'run')} and ${plural(result.experiments.length, 'experiment')}; deleted ${plural(result.blobs, 'object')} from the model repository.`);
}

/** What a purge with these options would remove, for the question. */
async function countPurgeable(mlops: MLOpsContext, options: { olderThan?: number; experiment?: string }): Promise<{ runs: number; experiments: number }> {
  const cutoff = Date.now() - (options.olderThan ?? 0);
  const isOldEnough = (deletedAt: number | null): boolean => deletedAt !== null && deletedAt <= cutoff;
  const experiments = options.experiment === undefined ? await mlops.lifecycle.getExperiments({ lifecycle: 'all' }) : [await mlops.lifecycle.getExperiment(options.experiment)];
  let runs = 0;
  for (const experiment of experiments) runs += (await mlops.lifecycle.getRuns(experiment.id, { lifecycle: 'deleted' })).filter((run) => isOldEnough(run.deletedAt)).length;
  return { runs, experiments: experiments.filter((experiment) => experiment.lifecycleStage === 'deleted' && isOldEnough(experiment.deletedAt)).length };
}

async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
