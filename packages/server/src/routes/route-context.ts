import type { MLOpsContext } from '@mlops-ts/core';
import type { ResolvedServerOptions } from '../server-options.js';

/** What every route module of the API receives. */
export interface RouteContext {
  /** The context the server serves. */
  mlops: MLOpsContext;
  /** The request size limits. */
  limits: ResolvedServerOptions['limits'];
}
