import pc from 'picocolors';

/** The colour functions of picocolors, real ones or pass-throughs. */
export type Colors = ReturnType<typeof pc.createColors>;

/** Options every command has (declared on the program). */
export interface GlobalOptions {
  /** `--config <file>`: the config file to read instead of searching for mlops.config.*. */
  config?: string;
  /** `--no-color` sets it false. */
  color?: boolean;
  /** `--json` of read commands. */
  json?: boolean;
}

/**
 * Where a command writes: results to stdout (a table or one JSON document), everything else
 * (notes, progress, errors) to stderr, so `mlops … --json | jq` always reads clean JSON.
 */
export class Output {
  readonly isJson: boolean;
  /** Whether stdout is a terminal (people read it) rather than a pipe or a file. */
  readonly isTerminal: boolean;
  /** Whether stderr is a terminal: progress bars and prompts go there. */
  readonly isErrorTerminal: boolean;
  readonly colors: Colors;

  constructor(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env) {
    this.isJson = options.json === true;
    this.isTerminal = process.stdout.isTTY === true;
    this.isErrorTerminal = process.stderr.isTTY === true;
    this.colors = pc.createColors(isColorWanted(options, this.isTerminal, env));
  }

  /** Writes lines of the human result to stdout. */
  print(...lines: string[]): void {
    process.stdout.write(lines.map((line) => `${line}\n`).join(''));
  }

  /**
   * Writes `value` as the command's one JSON document on stdout. Numbers JSON cannot hold
   * (NaN, Infinity, -Infinity: metric values keep them) are written as those strings.
   */
  printJson(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
  }

  /** The result of a write: `value` as JSON with --json, else `message` for people. */
  printResult(value: unknown, message: string): void {
    if (this.isJson) this.printJson(value);
    else this.print(message);
  }

  /** A note for people on stderr (never part of the result), such as what a write did. */
  note(text: string): void {
    process.stderr.write(`${text}\n`);
  }
}

/** Colour only on a terminal, never with NO_COLOR (any value, https://no-color.org) or --no-color or TERM=dumb. */
function isColorWanted(options: GlobalOptions, isTerminal: boolean, env: NodeJS.ProcessEnv): boolean {
  if (options.color === false || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  return isTerminal && env.TERM !== 'dumb';
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}
