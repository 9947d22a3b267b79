import { MLOpsError } from '../errors.js';
import type { OrderByTerm } from '../spec/v1/order-by-term.js';
import { attributesOf, describeField, type SearchTarget } from './filter-fields.js';
import { describeToken, FieldReader } from './filter-parser.js';
import { tokenizeFilter } from './filter-tokenizer.js';
import { searchLimits } from './search-limits.js';

/**
 * Parses sort keys such as `['metrics.accuracy DESC', 'attributes.start_time']` (ASC by
 * default, keywords case-insensitive). A single string is one term. An empty list gives
 * the default order (see `defaultOrderBy`).
 *
 * @throws MLOpsError INVALID_ARGUMENT naming the term and the position in it.
 */
export function parseOrderBy(terms: readonly string[] | string | undefined, target: SearchTarget = 'runs'): OrderByTerm[] {
  if (terms === undefined) return defaultOrderBy(target);
  const list = typeof terms === 'string' ? [terms] : terms;
  if (!Array.isArray(list)) {
    throw new MLOpsError('INVALID_ARGUMENT', `orderBy ${JSON.stringify(terms)} is not a list of strings. Pass e.g. ['metrics.accuracy DESC'].`);
  }
  if (list.length > searchLimits.orderByTerms) {
    throw new MLOpsError('INVALID_ARGUMENT', `orderBy has ${list.length} terms. Use at most ${searchLimits.orderByTerms}.`);
  }
  if (list.length === 0) return defaultOrderBy(target);
  return list.map((term, index) => parseTerm(term, index, target));
}

/**
 * The order when none is given: runs newest first (start_time), experiments newest first
 * (created_at), model versions newest first (registered_at), registered models by name.
 */
export function defaultOrderBy(target: SearchTarget): OrderByTerm[] {
  if (target === 'registered-models') return [{ field: { kind: 'attribute', name: 'name' }, direction: 'asc' }];
  const name = target === 'runs' ? 'start_time' : target === 'model-versions' ? 'registered_at' : 'created_at';
  return [{ field: { kind: 'attribute', name }, direction: 'desc' }];
}

function parseTerm(term: unknown, index: number, target: SearchTarget): OrderByTerm {
  const source = `orderBy[${index}]`;
  if (typeof term !== 'string') {
    throw new MLOpsError('INVALID_ARGUMENT', `${source} ${JSON.stringify(term) ?? String(term)} is not a string. Pass e.g. 'metrics.accuracy DESC'.`);
  }
  if (term.length > searchLimits.filterLength) {
    throw new MLOpsError('INVALID_ARGUMENT', `${source} is ${term.length} characters long. Name one field and a direction, e.g. 'metrics.accuracy DESC'.`);
  }
  const tokens = tokenizeFilter(term, { source });
  const reader = new FieldReader(target, source);
  const first = tokens[0]!;
  if (first.type === 'end') reader.fail(0, 'Expected a field', `the end of ${source}`, "Write e.g. 'metrics.accuracy DESC'.");
  const { span: _span, ...field } = reader.readField(first);
  if (field.kind === 'attribute' && !attributesOf(target)[field.name]!.isSortable) {
    reader.fail(first.start, `${describeField(field)} cannot be sorted by`, undefined, 'Sort by another attribute, or by a metric, param or tag.');
  }
  let direction: 'asc' | 'desc' = 'asc';
  let next = tokens[1]!;
  if (next.type === 'word' && ['asc', 'desc'].includes(next.text.toLowerCase())) {
    direction = next.text.toLowerCase() as 'asc' | 'desc';
    next = tokens[2]!;
  }
  if (next.type !== 'end') {
    reader.fail(next.start, 'Expected ASC, DESC or the end of the term', describeToken(next, source), 'Give one field per term, e.g. [\'metrics.accuracy DESC\', \'attributes.start_time\'].');
  }
  return { field, direction };
}
