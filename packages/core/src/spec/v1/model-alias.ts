/**
 * A name such as 'champion' that points at one version of a registered model. Setting an
 * alias that exists moves it: one alias never names two versions.
 */
export interface ModelAlias {
  /** The registered model (its id). */
  registeredModelId: string;
  /** Letters, digits, '_' and '-', starting with a letter or '_'; not 'latest' or version-like ('3', 'v3'). */
  alias: string;
  /** The version it points at (its id), a version of the same registered model. */
  modelVersionId: string;
}
