import { useCallback, useSyncExternalStore } from 'react';

// Pages and their state live in the URL's hash (#/experiments/<id>?filter=…), so the server
// serves one page at `/` and every deep link works behind any path prefix.

function subscribe(onChange: () => void): () => void {
  addEventListener('hashchange', onChange);
  return () => removeEventListener('hashchange', onChange);
}

function hashParts(): [path: string, search: string] {
  const raw = location.hash.replace(/^#/, '') || '/';
  const question = raw.indexOf('?');
  return question < 0 ? [raw, ''] : [raw.slice(0, question), raw.slice(question + 1)];
}

/** Goes to `to` (a path with an optional `?search`); `replace` changes the URL without a history entry. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = `#${to.startsWith('/') ? to : `/${to}`}`;
  if (url === location.hash) return;
  if (options.replace) {
    history.replaceState(history.state, '', url);
    dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = url;
  }
}

/** wouter's location hook over the hash. */
export function useHashLocation(): [string, (to: string, options?: { replace?: boolean }) => void] {
  return [useSyncExternalStore(subscribe, () => hashParts()[0]), navigate];
}

/** wouter's search hook: the part after '?' in the hash. */
export function useHashSearch(): string {
  return useSyncExternalStore(subscribe, () => hashParts()[1]);
}

/** The page's state in the URL: read a parameter, and change several at once (null removes one). */
export function useUrlState(): [URLSearchParams, (changes: Record<string, string | null>) => void] {
  const search = useHashSearch();
  const params = new URLSearchParams(search);
  const update = useCallback((changes: Record<string, string | null>) => {
    const [path, current] = hashParts();
    const next = new URLSearchParams(current);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    const text = next.toString();
    navigate(text === '' ? path : `${path}?${text}`, { replace: true });
  }, []);
  return [params, update];
}
