import { MLOpsError, isSecretSettingName, redactSecrets } from '@mlops-ts/core';
import { MSSQL_SCHEMA } from '@tediousjs/connection-string';
import mssql from 'mssql';
import { sqlServerProviderId } from './sql-server-errors.js';

/** One `Key=Value` of a connection string, in the order written; keys in lower case. */
export type ConnectionSetting = readonly [key: string, value: string];

type ValueType = 'string' | 'number' | 'boolean';

/**
 * Settings mssql's parser does not read from an ADO.NET string but which users write: JDBC
 * and URL names, newer ADO.NET keys, keys of tools that change nothing for mssql. This
 * package applies them (or ignores them) itself. Keys are compared without case, spaces or '_'.
 */
const ownSettings: Record<string, { key: string; type: ValueType }> = {
  user: { key: 'user id', type: 'string' },
  username: { key: 'user id', type: 'string' },
  databasename: { key: 'initial catalog', type: 'string' },
  servername: { key: 'data source', type: 'string' },
  logintimeout: { key: 'connection timeout', type: 'number' },
  port: { key: 'port', type: 'number' },
  portnumber: { key: 'port', type: 'number' },
  instancename: { key: 'instance name', type: 'string' },
  applicationname: { key: 'application name', type: 'string' },
  commandtimeout: { key: 'command timeout', type: 'number' },
  driver: { key: 'driver', type: 'string' },
  hostnameincertificate: { key: 'host name in certificate', type: 'string' },
  // Read by mssql on top of the ADO.NET keys.
  requesttimeout: { key: 'request timeout', type: 'number' },
  useutc: { key: 'useutc', type: 'boolean' },
  parsejson: { key: 'parsejson', type: 'boolean' },
  stream: { key: 'stream', type: 'boolean' },
};

/** Settings applied here rather than by mssql's parser. */
const appliedHere = new Set(['authentication', 'application name', 'command timeout', 'port', 'instance name', 'driver', 'host name in certificate', 'integrated security']);

/** Every key this package takes, compacted, to its ADO.NET name and type: mssql's schema (with its aliases) plus `ownSettings`. */
const knownSettings = new Map<string, { key: string; type: ValueType }>();
for (const [key, { type, aliases = [] }] of Object.entries(MSSQL_SCHEMA)) {
  for (const name of [key, ...aliases]) knownSettings.set(compact(name), { key, type: type as ValueType });
}
for (const [name, setting] of Object.entries(ownSettings)) knownSettings.set(name, setting);

function compact(key: string): string {
  return key.toLowerCase().replace(/[\s_]+/g, '');
}

const booleanValues: Record<string, boolean> = { true: true, yes: true, '1': true, false: false, no: false, '0': false };
/** Encrypt also takes the newer ADO.NET modes. */
const encryptValues: Record<string, boolean> = { ...booleanValues, mandatory: true, strict: true, optional: false };

/**
 * Turns the settings of any form into an mssql configuration: known keys are put under
 * their ADO.NET names and handed to mssql's own `ConnectionPool.parseConnectionString`;
 * what it lacks (JDBC/URL names, Entra ID, application name, command timeout, checks of
 * values) is applied here.
 *
 * @throws MLOpsError INVALID_ARGUMENT for unknown keys and values of the wrong kind, UNSUPPORTED for authentication this package cannot read from a string.
 */
export function toMssqlConfig(settings: readonly ConnectionSetting[]): mssql.config {
  const values = new Map<string, string>();
  settings.forEach(([rawKey, value], index) => {
    const known = knownSettings.get(compact(rawKey));
    if (known === undefined) throw unknownKey(rawKey, settings[index - 1]?.[0]);
    values.set(known.key, checkValue(known.key, known.type, value));
  });
  const passed = [...values].filter(([key]) => !appliedHere.has(key));
  let config: mssql.config;
  try {
    // Quoting every value with {…} ('}' doubled) hands it to mssql exactly as read.
    config = mssql.ConnectionPool.parseConnectionString(passed.map(([key, value]) => `${key}={${value.replaceAll('}', '}}')}}`).join(';'));
  } catch (cause) {
    const reason = redactSecrets(cause instanceof Error ? cause.message : String(cause), [values.get('password')]);
    throw invalid(`mssql cannot read the SQL Server connection string (${reason}). Check the server address and settings.`);
  }
  const options = (config.options ??= {});
  if (values.has('application name')) options.appName = values.get('application name');
  if (values.has('command timeout')) config.requestTimeout = Number(values.get('command timeout')) * 1000;
  if (values.has('instance name')) options.instanceName = values.get('instance name');
  if (values.has('port')) config.port = Number(values.get('port'));
  if (values.get('integrated security') === 'true') throw unsupported("Integrated Security (Windows authentication) is not read from connection strings. Pass a configuration object with mssql's 'authentication' setting (type 'ntlm') to useSQLServer(), or use a SQL login or 'Active Directory Default'.");
  applyAuthentication(config, values.get('authentication'));
  if (!config.server) throw invalid("The SQL Server connection string names no server. Add 'Server=tcp:myserver.database.windows.net,1433'.");
  if (config.port !== undefined && !(Number.isInteger(config.port) && config.port >= 1 && config.port <= 65_535)) {
    throw invalid("The SQL Server port is not a number from 1 to 65535. Write the server as 'tcp:host,1433'.");
  }
  return config;
}

/** The value, checked against the key's type and normalized for mssql's parser. */
function checkValue(key: string, type: ValueType, value: string): string {
  const trimmed = value.trim();
  if (key === 'data source') return checkServer(value);
  if (key === 'password' && /^(\{?your_password\}?|<password>)$/i.test(trimmed)) {
    throw invalid("The SQL Server connection string still holds the portal's password placeholder. Put the login's password in its place.");
  }
  if (key === 'integrated security') return trimmed.toLowerCase() === 'sspi' ? 'true' : readBoolean(key, trimmed, booleanValues);
  if (key === 'applicationintent') {
    if (!/^read(only|write)$/i.test(trimmed)) throw invalid("'ApplicationIntent' in the SQL Server connection string is neither ReadOnly nor ReadWrite. Use one of them.");
    return trimmed.toLowerCase();
  }
  if (type === 'boolean') return readBoolean(key, trimmed, key === 'encrypt' ? encryptValues : booleanValues);
  if (type === 'number' && !/^\d+$/.test(trimmed)) throw invalid(`'${key}' in the SQL Server connection string is not a whole number. Use e.g. '${key}=30'.`);
  return value;
}

function readBoolean(key: string, value: string, meanings: Record<string, boolean>): string {
  const meaning = meanings[value.toLowerCase()];
  if (meaning === undefined) throw invalid(`'${key}' in the SQL Server connection string is not a yes/no value. Use True or False.`);
  return String(meaning);
}

/** mssql reads `tcp:host,port`, `host\instance` and `(local)`; other protocols and 'host:port' are refused here with a hint. */
function checkServer(value: string): string {
  const protocol = /^\s*(np|lpc|admin|via):/i.exec(value);
  if (protocol) throw invalid(`The SQL Server address uses the '${protocol[1]}' protocol; mssql connects over TCP only. Use 'tcp:host,port'.`);
  if (/^\s*(tcp:)?[^:,\\[\]]+:\d*\s*$/i.test(value)) throw invalid("The SQL Server address gives its port after ':'; connection strings give it after a comma. Write 'Server=tcp:host,1433'.");
  return value;
}

function applyAuthentication(config: mssql.config, mode: string | undefined): void {
  if (mode === undefined) return;
  const normalized = mode.toLowerCase().replace(/[\s_-]+/g, '');
  if (normalized === 'sqlpassword') return;
  if (normalized === 'activedirectorydefault') {
    config.authentication = { type: 'azure-active-directory-default', options: {} };
    delete config.user;
    delete config.password;
    return;
  }
  throw unsupported(
    "This Authentication mode is not read from connection strings. Pass a configuration object with mssql's 'authentication' setting to useSQLServer(), or use 'Active Directory Default'.",
  );
}

/**
 * An unknown key is named in the message only when it reads as a key and does not follow a
 * secret: text after an unquoted ';' of a password is read as a key, and must not be shown.
 */
function unknownKey(key: string, previousKey: string | undefined): MLOpsError {
  const mayHoldSecret = previousKey !== undefined && isSecretSettingName(previousKey);
  if (/^[a-z][a-z0-9 _.-]{0,39}$/i.test(key.trim()) && !mayHoldSecret) {
    return invalid(`The SQL Server connection string has the key '${key.trim()}', which this package does not know. Check its spelling, or pass a configuration object to useSQLServer().`);
  }
  return invalid(
    `The SQL Server connection string has a key this package does not know${previousKey === undefined ? '' : ` after '${previousKey}'`} (not shown: it may hold part of a secret). Quote a value that holds ';' as {…} ('}' doubled inside), and check the spelling of the keys.`,
  );
}

/** INVALID_ARGUMENT for connection strings. No native error goes along as `cause`: parsers' errors may repeat their input. */
export function invalid(message: string): MLOpsError {
  return new MLOpsError('INVALID_ARGUMENT', message, { providerId: sqlServerProviderId });
}

function unsupported(message: string): MLOpsError {
  return new MLOpsError('UNSUPPORTED', message, { providerId: sqlServerProviderId });
}
