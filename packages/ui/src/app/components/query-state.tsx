import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';

/** Renders a query's data, or its loading line, or its error (the API's message) as an alert. */
export function QueryState<T>({ query, children, what }: { query: UseQueryResult<T>; children: (data: T) => ReactNode; what: string }) {
  if (query.isPending) return <p className="loading">Loading {what}…</p>;
  if (query.isError) return <p role="alert" className="error">Could not load {what}: {query.error.message}</p>;
  return <>{children(query.data)}</>;
}
