/**
 * Bounds on search input, so hostile or accidental input cannot exhaust the stack, the
 * memory or a database's parameter limit.
 */
export const searchLimits = {
  /** Characters in a filter. */
  filterLength: 10_000,
  /** Nesting depth of parentheses in a filter. */
  filterDepth: 100,
  /**
   * Keys and values a filter may bind in total (each metric/param/tag key and each
   * literal counts one), so a compiled query stays under every database's parameter
   * limit (SQL Server allows 2,100).
   */
  filterBoundValues: 1_000,
  /** Terms in an order-by list. */
  orderByTerms: 20,
  /** Runs per page when no limit is given. */
  defaultPageSize: 100,
  /**
   * Runs per page at most. MLflow allows 50,000; with params, metrics and tags attached
   * that is tens of megabytes in one response, so page instead.
   */
  maxPageSize: 10_000,
  /** Characters of a metric, param or tag key (the same limit as logging uses). */
  keyLength: 250,
} as const;
