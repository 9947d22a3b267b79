import { MLOpsError } from '../errors.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import { describe, limits, validateId, validateName, validateValue } from '../validation.js';
import { flattenHyperParameters, stringifyHyperParameter } from './flatten-hyper-parameters.js';

/** Hyper-parameters: the settings a model was trained with. */
export class TrainingCatalog {
  constructor(private readonly store: MetadataStoreV1) {}

  /**
   * Logs one hyper-parameter (stringified). The same value again is a no-op; another
   * value is a CONFLICT, because a run's parameters never change.
   */
  async logHyperParameter(runId: string, name: string, value: unknown): Promise<void> {
    validateId('run', runId);
    validateName('hyper-parameter name', name);
    if (value === undefined || typeof value === 'function') {
      throw new MLOpsError('INVALID_ARGUMENT', `Hyper-parameter '${name}' has the value ${describe(value)}. Log strings, numbers, booleans, arrays or plain objects.`);
    }
    const stored = validateValue(`value of hyper-parameter '${name}'`, stringifyHyperParameter(value), limits.paramValue);
    await this.store.logParams(runId, [{ key: name, value: stored }]);
  }

  /**
   * Logs every setting of a trainer at once, in one transaction: nested plain objects
   * become dotted keys, arrays become JSON, functions are skipped.
   * @returns the keys and values as stored.
   * @example
   * await mlops.training.logHyperParameters(run.id, { learningRate: 0.01, tree: { depth: 5 } });
   * // stores learningRate = '0.01', tree.depth = '5'
   */
  async logHyperParameters(runId: string, hyperParameters: Record<string, unknown>): Promise<Record<string, string>> {
    validateId('run', runId);
    if (typeof hyperParameters !== 'object' || hyperParameters === null || Array.isArray(hyperParameters)) {
      throw new MLOpsError('INVALID_ARGUMENT', `Hyper-parameters ${describe(hyperParameters)} are not an object. Pass the trainer's options, e.g. { learningRate: 0.01 }.`);
    }
    const flat = flattenHyperParameters(hyperParameters);
    const params = Object.entries(flat).map(([key, value]) => ({
      key: validateName('hyper-parameter name', key),
      value: validateValue(`value of hyper-parameter '${key}'`, value, limits.paramValue),
    }));
    await this.store.logParams(runId, params);
    return flat;
  }
}
