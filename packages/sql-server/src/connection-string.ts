import { MLOpsError } from '@mlops-ts/core';
import type { config as MssqlConfig } from 'mssql';
import { sqlServerProviderId } from './sql-server-errors.js';

/**
 * Reads the connection strings users copy from the Azure portal or SQL Server tools into
 * an mssql configuration:
 *
 * - ADO.NET: `Server=tcp:x.database.windows.net,1433;Initial Catalog=mlops;User ID=u;Password=p;Encrypt=True;…`
 * - ODBC: `Driver={ODBC Driver 18 for SQL Server};Server=tcp:x,1433;Database=mlops;Uid=u;Pwd={p;w};Encrypt=yes;…`
 * - JDBC: `jdbc:sqlserver://x.database.windows.net:1433;database=mlops;user=u;password=p;encrypt=true;…`
 * - URLs: `mssql://u:p@host:1433/mlops?encrypt=true` (also `sqlserver://`)
 *
 * Keys are case-insensitive; values may be quoted with '…' or "…" (and {…} in ODBC).
 * `Authentication=Active Directory Default` selects Microsoft Entra ID with the default
 * credential chain; other Entra ID modes need a configuration object.
 *
 * @throws MLOpsError INVALID_ARGUMENT for malformed strings, unknown keys and the portal's `{your_password}` placeholder.
 */
export function parseSqlServerConnectionString(connectionString: string): MssqlConfig {
  const text = connectionString.trim();
  if (text === '') throw invalid("The SQL Server connection string is empty. Pass one such as 'Server=tcp:myserver.database.windows.net,1433;Initial Catalog=mlops;User ID=…;Password=…;Encrypt=True'.");
  if (/^(mssql|sqlserver):\/\//i.test(text)) return fromUrl(text);
  const jdbc = /^jdbc:sqlserver:\/\/([^;]*)(;.*)?$/i.exec(text);
  if (jdbc) return fromPairs([['server', jdbc[1]!.replace(/:(\d+)$/, ',$1')], ...readPairs(jdbc[2] ?? '', false)]);
  const pairs = readPairs(text, /(^|;)\s*driver\s*=/i.test(text));
  if (pairs.length === 0) throw invalid(`The SQL Server connection string '${mask(text)}' has no Key=Value pairs. Pass one such as 'Server=…;Database=…;User ID=…;Password=…'.`);
  return fromPairs(pairs);
}

const keyAliases: Record<string, string> = {
  server: 'server',
  'data source': 'server',
  address: 'server',
  addr: 'server',
  'network address': 'server',
  servername: 'server',
  'initial catalog': 'database',
  database: 'database',
  databasename: 'database',
  'user id': 'user',
  uid: 'user',
  user: 'user',
  'user name': 'user',
  username: 'user',
  password: 'password',
  pwd: 'password',
  encrypt: 'encrypt',
  trustservercertificate: 'trustServerCertificate',
  'trust server certificate': 'trustServerCertificate',
  'connection timeout': 'connectionTimeout',
  'connect timeout': 'connectionTimeout',
  timeout: 'connectionTimeout',
  logintimeout: 'connectionTimeout',
  'command timeout': 'requestTimeout',
  'application name': 'appName',
  app: 'appName',
  applicationname: 'appName',
  authentication: 'authentication',
  'max pool size': 'poolMax',
  'min pool size': 'poolMin',
  port: 'port',
  instancename: 'instanceName',
};

/** Keys tools put in connection strings that do not change how mssql connects. */
const ignoredKeys = new Set([
  'driver',
  'persist security info',
  'multipleactiveresultsets',
  'multiple active result sets',
  'hostnameincertificate',
  'host name in certificate',
  'pooling',
  'connect retry count',
  'connectretrycount',
  'connect retry interval',
  'connectretryinterval',
  'integrated security',
  'packet size',
  'load balance timeout',
  'column encryption setting',
]);

function fromPairs(pairs: readonly (readonly [string, string])[]): MssqlConfig {
  const config: MssqlConfig = { server: '', options: {} };
  const options = config.options!;
  for (const [rawKey, value] of pairs) {
    const key = rawKey.trim().toLowerCase().replace(/\s+/g, ' ');
    if (ignoredKeys.has(key)) continue;
    const setting = keyAliases[key];
    if (setting === undefined) throw invalid(`The SQL Server connection string has the key '${rawKey.trim()}', which this package does not know. Remove it, or pass a configuration object to useSQLServer().`);
    switch (setting) {
      case 'server': {
        const address = readServer(value);
        config.server = address.server;
        if (address.port !== undefined) config.port = address.port;
        if (address.instanceName !== undefined) options.instanceName = address.instanceName;
        break;
      }
      case 'database':
        config.database = value;
        break;
      case 'user':
        config.user = value;
        break;
      case 'password':
        if (/^\{?your_password\}?$/i.test(value) || value === '<password>') throw invalid("The SQL Server connection string still holds the portal's password placeholder. Put the login's password in its place.");
        config.password = value;
        break;
      case 'encrypt':
        options.encrypt = readBoolean(rawKey, value, ['true', 'yes', 'mandatory', 'strict'], ['false', 'no', 'optional']);
        break;
      case 'trustServerCertificate':
        options.trustServerCertificate = readBoolean(rawKey, value, ['true', 'yes'], ['false', 'no']);
        break;
      case 'connectionTimeout':
        config.connectionTimeout = readSeconds(rawKey, value) * 1000;
        break;
      case 'requestTimeout':
        config.requestTimeout = readSeconds(rawKey, value) * 1000;
        break;
      case 'appName':
        options.appName = value;
        break;
      case 'poolMax':
        config.pool = { ...config.pool, max: readSeconds(rawKey, value) };
        break;
      case 'poolMin':
        config.pool = { ...config.pool, min: readSeconds(rawKey, value) };
        break;
      case 'port':
        config.port = readPort(value);
        break;
      case 'instanceName':
        options.instanceName = value;
        break;
      case 'authentication':
        readAuthentication(config, value);
        break;
    }
  }
  if (config.authentication?.type === 'azure-active-directory-default') {
    delete config.user;
    delete config.password;
  }
  if (!config.server) throw invalid("The SQL Server connection string names no server. Add 'Server=tcp:myserver.database.windows.net,1433'.");
  return config;
}

/** `tcp:host,1433`, `host\instance`, `(local)`, `.` or `host`. */
function readServer(value: string): { server: string; port?: number; instanceName?: string } {
  let server = value.trim();
  const protocol = /^([a-z]+):/i.exec(server);
  if (protocol) {
    if (protocol[1]!.toLowerCase() !== 'tcp') throw invalid(`The SQL Server address '${value}' uses the '${protocol[1]}' protocol; mssql connects over TCP only. Use 'tcp:host,port'.`);
    server = server.slice(protocol[0].length);
  }
  let port: number | undefined;
  const comma = server.lastIndexOf(',');
  if (comma !== -1) {
    port = readPort(server.slice(comma + 1));
    server = server.slice(0, comma).trim();
  }
  let instanceName: string | undefined;
  const backslash = server.indexOf('\\');
  if (backslash !== -1) {
    instanceName = server.slice(backslash + 1);
    server = server.slice(0, backslash);
  }
  if (server === '.' || server.toLowerCase() === '(local)' || server.toLowerCase() === '(localdb)') server = 'localhost';
  return { server, ...(port === undefined ? {} : { port }), ...(instanceName === undefined ? {} : { instanceName }) };
}

function fromUrl(text: string): MssqlConfig {
  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    throw invalid(`The SQL Server URL '${mask(text)}' is not a valid URL (${(cause as Error).message}). Use 'mssql://user:password@host:1433/database'.`);
  }
  const pairs: [string, string][] = [['server', decodeURIComponent(url.hostname)]];
  if (url.port) pairs.push(['port', url.port]);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database) pairs.push(['database', database]);
  if (url.username) pairs.push(['user', decodeURIComponent(url.username)]);
  if (url.password) pairs.push(['password', decodeURIComponent(url.password)]);
  for (const [key, value] of url.searchParams) pairs.push([key, value]);
  return fromPairs(pairs);
}

/**
 * Splits `Key=Value;Key='Value;with;semicolons';…`. Values quoted with ' or " double the
 * quote to escape it; in ODBC strings (`odbcBraces`) {…} quotes too, with }} for '}'.
 */
function readPairs(text: string, odbcBraces: boolean): [string, string][] {
  const pairs: [string, string][] = [];
  let index = 0;
  while (index < text.length) {
    while (index < text.length && (text[index] === ';' || /\s/.test(text[index]!))) index++;
    if (index >= text.length) break;
    const equals = text.indexOf('=', index);
    if (equals === -1) throw invalid(`The SQL Server connection string has '${mask(text.slice(index, index + 20))}' without '='. Write each setting as Key=Value, separated by ';'.`);
    const key = text.slice(index, equals).trim();
    index = equals + 1;
    while (index < text.length && text[index] === ' ') index++;
    let value = '';
    const quote = text[index];
    const closing = quote === '{' && odbcBraces ? '}' : quote === "'" || quote === '"' ? quote : undefined;
    if (closing) {
      index++;
      for (;;) {
        if (index >= text.length) throw invalid(`The value of '${key}' in the SQL Server connection string has no closing ${closing}. Close the quote.`);
        if (text[index] === closing) {
          if (text[index + 1] === closing) {
            value += closing;
            index += 2;
            continue;
          }
          index++;
          break;
        }
        value += text[index++];
      }
      while (index < text.length && text[index] !== ';') {
        if (!/\s/.test(text[index]!)) throw invalid(`The value of '${key}' in the SQL Server connection string has text after its closing quote. Put ';' after the quote.`);
        index++;
      }
    } else {
      const end = text.indexOf(';', index);
      value = (end === -1 ? text.slice(index) : text.slice(index, end)).trim();
      index = end === -1 ? text.length : end;
    }
    pairs.push([key, value]);
  }
  return pairs;
}

function readAuthentication(config: MssqlConfig, value: string): void {
  const mode = value.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  if (mode === 'sql password' || mode === 'sqlpassword') return;
  if (mode === 'active directory default') {
    config.authentication = { type: 'azure-active-directory-default', options: {} };
    return;
  }
  throw new MLOpsError(
    'UNSUPPORTED',
    `Authentication '${value}' is not read from connection strings. Pass a configuration object with mssql's 'authentication' setting to useSQLServer(), or use 'Active Directory Default'.`,
    { providerId: sqlServerProviderId },
  );
}

function readBoolean(key: string, value: string, truthy: string[], falsy: string[]): boolean {
  const normalized = value.trim().toLowerCase();
  if (truthy.includes(normalized)) return true;
  if (falsy.includes(normalized)) return false;
  throw invalid(`'${key}=${value}' in the SQL Server connection string is not a yes/no value. Use True or False.`);
}

function readSeconds(key: string, value: string): number {
  const number = Number(value.trim());
  if (!Number.isInteger(number) || number < 0) throw invalid(`'${key}=${value}' in the SQL Server connection string is not a whole number. Use e.g. ${key}=30.`);
  return number;
}

function readPort(value: string): number {
  const port = Number(value.trim());
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw invalid(`The SQL Server port '${value}' is not a port number. Use e.g. 1433.`);
  return port;
}

/** The string with passwords replaced, for messages. */
function mask(text: string): string {
  return text.replace(/((?:password|pwd)\s*=\s*)[^;]*/gi, '$1***').replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}

function invalid(message: string): MLOpsError {
  return new MLOpsError('INVALID_ARGUMENT', message, { providerId: sqlServerProviderId });
}
