import { MLOpsError } from '@mlops-ts/core';

/** The value, or null when the lookup says NOT_FOUND (a run without a model schema, say); other errors pass. */
export async function notFoundAsNull<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup;
  } catch (error) {
    if (MLOpsError.hasCode(error, 'NOT_FOUND')) return null;
    throw error;
  }
}
