import { createHash } from 'node:crypto';

/** The longest Kubernetes object name that is also a DNS label (Services need one). */
export const maxNameLength = 63;

/**
 * An RFC 1123 label made from free-text parts (registered model and target names): lower
 * case, letters, digits and '-', at most 63 characters, starting with a letter (a Service
 * name must). Whenever the parts had to change to fit (case, other characters, length), an
 * 8-character hash of the exact parts is appended, so 'Iris' and 'iris', or two long names
 * with the same start, never share a name.
 */
export function kubernetesName(...parts: string[]): string {
  const joined = parts.join('-');
  let name = joined
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  if (name === joined && name.length <= maxNameLength) return name;
  const hash = createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 8);
  name = name.slice(0, maxNameLength - hash.length - 1).replace(/-+$/, '');
  return name ? `${name}-${hash}` : `m-${hash}`;
}

/**
 * A label value: at most 63 characters of letters, digits, '-', '_' and '.', starting and
 * ending with a letter or digit. Free text that does not fit keeps a hash suffix as names do;
 * the exact text goes into an annotation beside it.
 */
export function labelValue(text: string): string {
  if (/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/.test(text)) return text;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  const cleaned = text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, maxNameLength - 9).replace(/[^A-Za-z0-9]+$/, '');
  return cleaned ? `${cleaned}-${hash}` : hash;
}
