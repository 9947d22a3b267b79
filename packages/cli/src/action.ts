import type { MLOpsContext } from '@mlops-ts/core';
import { exitCodeOf, exitCodes } from './exit-codes.js';
import { Output, type GlobalOptions } from './output.js';

/** What a command's action receives besides its arguments and options. */
export interface ActionContext {
  readonly output: Output;
  readonly globals: GlobalOptions;
  /** Opens the configured context once (mlops.config.*, MLOPS_* variables, --config); it is closed after the action. */
  context(): Promise<MLOpsContext>;
}

interface CommandLike {
  optsWithGlobals(): object;
}

/**
 * Wraps a command's action: builds its output and context, closes the context afterwards,
 * and turns an error into a message on stderr and the exit status of its code (see `exitCodes`).
 * Commander passes the command itself as the last argument.
 */
export function action<Args extends unknown[]>(run: (context: ActionContext, ...args: Args) => Promise<void>): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    const command = args[args.length - 1] as CommandLike;
    const globals = command.optsWithGlobals() as GlobalOptions;
    const output = new Output(globals);
    let opened: Promise<MLOpsContext> | undefined;
    const actionContext: ActionContext = {
      output,
      globals,
      context: () => (opened ??= import('./open-context.js').then(({ openContext }) => openContext(globals))),
    };
    try {
      await run(actionContext, ...args);
    } catch (error) {
      process.exitCode = reportError(error, output);
    } finally {
      if (opened !== undefined) {
        const context = await opened.catch(() => undefined);
        await context?.close().catch((error: unknown) => output.note(`mlops: closing the connection failed: ${messageOf(error)}`));
      }
    }
  };
}

/** An error of the command itself that has an exit status of its own, such as a declined confirmation. */
export class CommandError extends Error {
  constructor(
    readonly code: 'CANCELLED',
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Writes `error` to stderr (as JSON with --json) and returns the exit status of its code. */
export function reportError(error: unknown, output: Output): number {
  const code = codeOf(error);
  const message = messageOf(error);
  if (output.isJson) process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
  else process.stderr.write(`${output.colors.red('mlops: error:')} ${message}${code === 'INTERNAL' && process.env.MLOPS_DEBUG && error instanceof Error && error.stack ? `\n${error.stack}` : ''}\n`);
  return code === 'INTERNAL' ? exitCodes.INTERNAL : exitCodeOf(code);
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const isCoded = (error as Record<symbol, unknown> | null)?.[Symbol.for('mlops-ts.error')] === true || error instanceof CommandError;
  return isCoded && typeof code === 'string' ? code : 'INTERNAL';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
