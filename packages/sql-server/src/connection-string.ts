import { parse } from '@tediousjs/connection-string';
import type { config as MssqlConfig } from 'mssql';
import { invalid, toMssqlConfig, type ConnectionSetting } from './connection-string-settings.js';

/**
 * Reads the connection strings users copy from the Azure portal or SQL Server tools into
 * an mssql configuration, with mssql's own parser (`ConnectionPool.parseConnectionString`):
 *
 * - ADO.NET: `Server=tcp:x.database.windows.net,1433;Initial Catalog=mlops;User ID=u;Password=p;Encrypt=True;…`
 * - ODBC: `Driver={ODBC Driver 18 for SQL Server};Server=tcp:x,1433;Database=mlops;Uid=u;Pwd={p;w};Encrypt=yes;…`
 * - JDBC: `jdbc:sqlserver://x.database.windows.net:1433;database=mlops;user=u;password={p;w};encrypt=true;…`
 * - URLs: `mssql://u:p@host:1433/mlops?encrypt=true` (also `sqlserver://`; percent-encode the password)
 *
 * Keys are case-insensitive; values may be quoted with {…}, '…' or "…" (the closing
 * character doubled inside). `Authentication=Active Directory Default` selects Microsoft
 * Entra ID with the default credential chain; other Entra ID modes need a configuration
 * object. No error repeats the password, or text that may be part of it.
 *
 * @throws MLOpsError INVALID_ARGUMENT for malformed strings, unknown keys, values of the
 * wrong kind and the portal's `{your_password}` placeholder; UNSUPPORTED for
 * authentication modes that need a configuration object.
 */
export function parseSqlServerConnectionString(connectionString: string): MssqlConfig {
  const text = typeof connectionString === 'string' ? connectionString.trim() : '';
  if (text === '') throw invalid("The SQL Server connection string is empty. Pass one such as 'Server=tcp:myserver.database.windows.net,1433;Initial Catalog=mlops;User ID=…;Password=…;Encrypt=True'.");
  if (/^(mssql|sqlserver):\/\//i.test(text)) return toMssqlConfig(settingsOfUrl(text));
  if (/^jdbc:sqlserver:\/\//i.test(text)) return toMssqlConfig(settingsOfJdbc(text));
  const settings = readSettings(text);
  if (settings.length === 0) throw invalid("The SQL Server connection string has no Key=Value settings. Pass one such as 'Server=…;Database=…;User ID=…;Password=…'.");
  return toMssqlConfig(settings);
}

/** `Key=Value;…` pairs in order, read by the parser mssql uses. */
function readSettings(text: string): ConnectionSetting[] {
  let settings: ConnectionSetting[];
  try {
    settings = [...parse(text)];
  } catch (cause) {
    // The parser's messages ('Malformed connection string' …) never repeat the input.
    throw invalid(
      `The SQL Server connection string cannot be read (${(cause as Error).message}): a quoted value is not closed, or has text after its closing quote. Quote values with {…} and double a '}' inside.`,
    );
  }
  // The parser drops trailing text without '=' (a mistyped setting, or the tail of an
  // unquoted password holding ';'). With an empty setting appended, that text becomes a key.
  const keys = new Set(settings.map(([key]) => key));
  const isTrailingText = [...parse(`${text};=`).keys()].some((key) => !keys.has(key) && /[^\s;]/.test(key));
  if (isTrailingText) {
    const previous = settings.at(-1)?.[0];
    throw invalid(
      `The SQL Server connection string ends with text that is not a Key=Value setting${previous === undefined ? '' : ` (after '${previous}')`}. Write each setting as Key=Value separated by ';', and quote a value that holds ';' as {…}.`,
    );
  }
  return settings;
}

/** `jdbc:sqlserver://host[\instance][:port];key=value;…`, with {…} quoting. */
function settingsOfJdbc(text: string): ConnectionSetting[] {
  const separator = text.indexOf(';');
  const address = text.slice('jdbc:sqlserver://'.length, separator === -1 ? undefined : separator);
  const parts = /^(?<host>\[[^\]]*\]|[^:\\@]*)(?:\\(?<instance>[^:\\@]+))?(?::(?<port>\d+))?$/.exec(address.trim());
  if (!parts) throw invalid("The address of the JDBC connection string is not 'host', 'host:port' or 'host\\instance'. Write e.g. 'jdbc:sqlserver://myserver.database.windows.net:1433;database=mlops;user=…;password=…'.");
  const { host = '', instance, port } = parts.groups!;
  const server: ConnectionSetting[] = host === '' ? [] : [['server', `${host}${instance ? `\\${instance}` : ''}${port ? `,${port}` : ''}`]];
  return [...server, ...(separator === -1 ? [] : readSettings(text.slice(separator + 1)))];
}

/** `mssql://user:password@host:port/database?key=value`; user and password percent-encoded. */
function settingsOfUrl(text: string): ConnectionSetting[] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The URL error holds the input, password included: it does not go along as the cause.
    throw invalid("The SQL Server URL is not a valid URL. Use 'mssql://user:password@host:1433/database', with characters such as '@', '/' or ':' of the password percent-encoded.");
  }
  const settings: ConnectionSetting[] = [['server', url.hostname.replace(/^\[(.*)\]$/, '$1')]];
  if (url.port) settings.push(['port', url.port]);
  const [database, user, password] = [url.pathname.replace(/^\//, ''), url.username, url.password].map(decodeUrlPart);
  if (database) settings.push(['database', database]);
  if (user) settings.push(['user id', user]);
  if (password) settings.push(['password', password]);
  for (const [key, value] of url.searchParams) settings.push([key.toLowerCase(), value]);
  return settings;
}

function decodeUrlPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid("The SQL Server URL has a '%' that starts no valid escape in its user, password or database. Percent-encode '%' itself as '%25'.");
  }
}
