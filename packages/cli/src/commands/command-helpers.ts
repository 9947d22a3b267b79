import { InvalidArgumentError, Option, type Command } from '@commander-js/extra-typings';

/** Adds an "Examples:" section to the command's help. */
export function withExamples<T extends { addHelpText(position: 'after', text: string): unknown }>(command: T, ...examples: string[]): T {
  command.addHelpText('after', `\nExamples:\n${examples.map((example) => `  $ ${example}`).join('\n')}`);
  return command;
}

/** The --json option of read commands. */
export const jsonOption = (): Option<'--json', undefined, undefined, undefined, false> =>
  new Option('--json', 'print one JSON document on stdout (shapes in the README) instead of a table');

/** The --lifecycle option of lists that can show deleted items. */
export const lifecycleOption = () =>
  new Option('--lifecycle <stage>', 'which items: active, deleted or all').choices(['active', 'deleted', 'all'] as const).default('active' as const);

/** A whole number ≥ `min`, for option parsers. */
export function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^[-+]?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min) throw new InvalidArgumentError(`'${value}' is not a whole number of at least ${min}.`);
    return parsed;
  };
}

/** Any number (NaN, Infinity and -Infinity spelled out), for metric values. */
export function parseNumber(value: string): number {
  const trimmed = value.trim();
  if (trimmed === 'NaN') return Number.NaN;
  const parsed = Number(trimmed);
  if (trimmed === '' || (Number.isNaN(parsed) && trimmed !== 'NaN')) throw new InvalidArgumentError(`'${value}' is not a number. Give a number such as 0.93, 1e-3, NaN or Infinity.`);
  return parsed;
}

/** Collects repeated `key=value` options into a record. */
export function collectKeyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const separator = value.indexOf('=');
  if (separator <= 0) throw new InvalidArgumentError(`'${value}' is not key=value. Write it as key=value, e.g. team=vision.`);
  return { ...previous, [value.slice(0, separator)]: value.slice(separator + 1) };
}

/** Collects a repeated option into a list. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export type AnyCommand = Command<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
