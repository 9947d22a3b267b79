// An http(s) remote often carries a token as its user name (GitLab CI's
// `https://gitlab-ci-token:…@host/…`, GitHub's `https://x-access-token:…@github.com/…`).
const schemeUrl = /^[a-z][a-z0-9+.-]*:\/\//i;
// scp-like address `[user[:password]@]host:path`, e.g. `git@github.com:org/repo.git`.
const scpLikeWithPassword = /^([^@/:]+):[^@/]*@(?=[^/:]+:)/;

/**
 * A git remote address without credentials, safe to store in a tag: http(s) URLs lose
 * their user name, password, query and fragment; other URLs (`ssh://`, `git://`) lose
 * their password; scp-like addresses keep their user (`git@host:org/repo.git` holds no
 * secret) but lose a password. Local paths are kept as they are.
 * Returns undefined for text that is not an address (empty, or a URL that does not parse).
 */
export function removeCredentials(remote: string): string | undefined {
  const trimmed = remote.trim();
  if (trimmed === '') return undefined;
  if (!schemeUrl.test(trimmed)) return trimmed.replace(scpLikeWithPassword, '$1@');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  url.password = '';
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    url.username = '';
    url.search = '';
    url.hash = '';
  }
  return url.href;
}
