import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MLOpsError } from '@mlops-ts/core';
import type { ServerToken } from './http/bearer-tokens.js';
import type { TrackingServerOptions } from './server-options.js';

/** What `mlops-server` was asked for: the server's options and where the store's configuration is. */
export interface ServerConfiguration {
  options: TrackingServerOptions;
  /** `--config`: the mlops.config.* file; default the usual search (see the core's resolveConfig). */
  configPath?: string;
  help: boolean;
}

export const usage = `Usage: mlops-server [options]

Serves the store and repository of the MLOps.ts configuration (mlops.config.*, MLOPS_* variables)
over HTTP: /api/v1, /health, /metrics.

Options (environment variable in brackets):
  --host <address>          address to listen on (MLOPS_SERVER_HOST); default 127.0.0.1
  --port <port>             port (MLOPS_SERVER_PORT); default 5000
  --tokens-file <path>      JSON file with [{ "name", "token", "scope": "read" | "write" }] (MLOPS_SERVER_TOKENS_FILE)
                            or the JSON itself in MLOPS_SERVER_TOKENS
  --allow-unauthenticated   serve a non-loopback address without tokens (MLOPS_SERVER_ALLOW_UNAUTHENTICATED=true)
  --ui                      also serve the web UI at / (MLOPS_SERVER_UI=true); needs @mlops-ts/ui installed
  --config <path>           the mlops.config.* file (MLOPS_CONFIG)
  --log-level <level>       fatal, error, warn, info, debug (MLOPS_SERVER_LOG_LEVEL); default info
  --help                    this text
`;

/** Reads the command line and the `MLOPS_SERVER_*` variables; the command line wins. */
export async function readServerConfiguration(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<ServerConfiguration> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'tokens-file': { type: 'string' },
        'allow-unauthenticated': { type: 'boolean' },
        ui: { type: 'boolean' },
        config: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (cause) {
    throw new MLOpsError('INVALID_ARGUMENT', `${(cause as Error).message}. Run mlops-server --help for the options.`, { cause });
  }
  const host = (values.host as string | undefined) ?? env.MLOPS_SERVER_HOST;
  const portText = (values.port as string | undefined) ?? env.MLOPS_SERVER_PORT;
  const port = portText === undefined ? undefined : Number(portText);
  if (portText !== undefined && (!/^\d+$/.test(portText) || port! > 65_535)) {
    throw new MLOpsError('INVALID_ARGUMENT', `The port '${portText}' is not a whole number from 0 to 65535. Give e.g. --port 5000.`);
  }
  const logLevel = (values['log-level'] as string | undefined) ?? env.MLOPS_SERVER_LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new MLOpsError('INVALID_ARGUMENT', `The log level '${logLevel}' is not one of fatal, error, warn, info, debug, trace, silent.`);
  }
  const allowUnauthenticated = values['allow-unauthenticated'] === true || env.MLOPS_SERVER_ALLOW_UNAUTHENTICATED === 'true';
  const tokens = await readTokens(values['tokens-file'] as string | undefined, env, cwd);
  const configPath = values.config as string | undefined;
  return {
    options: {
      ...(host === undefined ? {} : { host }),
      ...(port === undefined ? {} : { port }),
      tokens,
      allowUnauthenticated,
      logger: { level: logLevel },
      closeContext: true,
      ...(values.ui === true || env.MLOPS_SERVER_UI === 'true' ? { ui: true } : {}),
    },
    ...(configPath === undefined ? {} : { configPath }),
    help: values.help === true,
  };
}

async function readTokens(tokensFile: string | undefined, env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<ServerToken[]> {
  const file = tokensFile ?? env.MLOPS_SERVER_TOKENS_FILE;
  if (file !== undefined && env.MLOPS_SERVER_TOKENS !== undefined) {
    throw new MLOpsError('INVALID_ARGUMENT', 'Both a tokens file and MLOPS_SERVER_TOKENS are given. Keep one of them.');
  }
  let text: string;
  let where: string;
  if (file !== undefined) {
    where = `the tokens file ${path.resolve(cwd, file)}`;
    try {
      text = await readFile(path.resolve(cwd, file), 'utf8');
    } catch (cause) {
      throw new MLOpsError('NOT_FOUND', `Cannot read ${where} (${(cause as NodeJS.ErrnoException).code}). Check the path given to --tokens-file or MLOPS_SERVER_TOKENS_FILE.`, { cause });
    }
  } else if (env.MLOPS_SERVER_TOKENS !== undefined) {
    where = 'MLOPS_SERVER_TOKENS';
    text = env.MLOPS_SERVER_TOKENS;
  } else {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    // The text holds secrets: the message names where it came from, never what it says.
    throw new MLOpsError('INVALID_ARGUMENT', `${capitalize(where)} is not valid JSON. Give a list such as [{ "name": "ci", "token": "…", "scope": "write" }].`, { cause: undefined });
  }
  if (!Array.isArray(parsed)) {
    throw new MLOpsError('INVALID_ARGUMENT', `${capitalize(where)} is not a list. Give a list such as [{ "name": "ci", "token": "…", "scope": "write" }].`);
  }
  return parsed as ServerToken[];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
