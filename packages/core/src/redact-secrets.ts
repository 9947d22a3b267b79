/** What a secret is replaced with. */
const mask = '***';

/** Names a setting is a secret under when the whole name (lower case, separators dropped) is one of these. */
const secretNames = new Set(['key', 'sig', 'pass']);
/** …or when it ends with one of these: `Password`, `Client Secret`, `AccountKey`, `aws_secret_access_key` … */
const secretNameEndings = ['password', 'passwd', 'pwd', 'secret', 'token', 'signature', 'accountkey', 'accesskey', 'sharedaccesskey', 'apikey', 'credential', 'credentials'];

/**
 * True when a setting of this name holds a secret: `Password`, `Pwd`, `AccountKey`,
 * `SharedAccessSignature`, `sig`, `secretAccessKey`, `Client Secret`, `token`, `key` …
 * (not `AccessKeyId`, `AccountName` or `partitionKey`).
 */
export function isSecretSettingName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[\s_.-]+/g, '');
  return secretNames.has(normalized) || secretNameEndings.some((ending) => normalized.endsWith(ending));
}

/**
 * The text with secrets replaced by `***`, for error messages and logs that may repeat
 * what a user passed:
 *
 * - each of `secrets` (and its URL-encoded form) wherever it appears;
 * - the password of a URL (`scheme://user:password@host`, up to the last `@` before the host);
 * - values of secret settings in connection strings and queries (`Password=…`, `Pwd={…}`,
 *   `AccountKey=…`, `sig=…`), quoted with `{…}`, `'…'` or `"…"`, or unquoted up to the next
 *   `;Key=` or `&` (an unquoted value's text after a `;` is masked with it);
 * - values of secret members of JSON text (`"password":"…"`).
 *
 * Masking is best effort for the patterns; pass the secrets a caller knows for certainty.
 *
 * @param secrets Values to mask wherever they appear; values shorter than 3 characters are ignored.
 * @example
 * redactSecrets('Server=db;Password=top;secret;Database=mlops'); // 'Server=db;Password=***;Database=mlops'
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let redacted = text;
  const known = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 3);
  for (const secret of [...known, ...known.map(encodeURIComponent)].sort((a, b) => b.length - a.length)) redacted = redacted.split(secret).join(mask);
  redacted = redacted.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s]*@/gi, `$1${mask}@`);
  redacted = redactSettings(redacted);
  return redacted.replace(/"((?:[^"\\]|\\.)*)"(\s*:\s*)"(?:[^"\\]|\\.)*"/g, (member, name: string, colon: string) =>
    isSecretSettingName(name) ? `"${name}"${colon}"${mask}"` : member,
  );
}

// A setting name (not in the middle of a word), then '='.
const setting = /(?<![\w.-])([A-Za-z][\w .-]*?)\s*=\s*/g;
// The next setting of a connection string or query, which ends an unquoted value.
const nextSetting = /;\s*[A-Za-z][\w .-]*=|&/g;
const closingQuotes: Record<string, string> = { '{': '}', "'": "'", '"': '"' };

/** Masks the values of `Name=value` settings whose name holds a secret. */
function redactSettings(text: string): string {
  let output = '';
  let copied = 0;
  setting.lastIndex = 0;
  for (let match = setting.exec(text); match !== null; match = setting.exec(text)) {
    if (!isSecretSettingName(match[1]!)) continue;
    const valueStart = match.index + match[0].length;
    const valueEnd = endOfValue(text, valueStart);
    output += text.slice(copied, valueStart) + mask;
    copied = valueEnd;
    setting.lastIndex = Math.max(valueEnd, valueStart + 1);
  }
  return output + text.slice(copied);
}

/** Where the value starting at `start` ends: after its closing quote (doubled quotes escape), or at the next setting. */
function endOfValue(text: string, start: number): number {
  const closing = closingQuotes[text[start]!];
  if (closing !== undefined) {
    for (let index = start + 1; index < text.length; index++) {
      if (text[index] !== closing) continue;
      if (text[index + 1] === closing) index++;
      else return index + 1;
    }
    return text.length;
  }
  nextSetting.lastIndex = start;
  const next = nextSetting.exec(text);
  return next === null ? text.length : next.index;
}
