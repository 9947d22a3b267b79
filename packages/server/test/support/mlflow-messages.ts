import { readFileSync } from 'node:fs';

/** The messages of MLflow's protos that the fixtures use (see fixtures/mlflow/messages.json). */
interface MessageCatalog {
  enums: Record<string, string[]>;
  messages: Record<string, Record<string, string>>;
}

const catalog = JSON.parse(readFileSync(new URL('../fixtures/mlflow/messages.json', import.meta.url), 'utf8')) as MessageCatalog;

/** Whether the catalog has a message of that name. */
export function hasMessage(name: string): boolean {
  return Object.hasOwn(catalog.messages, name);
}

/**
 * What in `value` does not fit the message `name` as proto JSON writes it: a field the
 * message lacks, a value of the wrong type (int64 as a whole number or a string of digits
 * in requests, doubles as numbers or "NaN"/"Infinity"/"-Infinity", enums by name), a list
 * where one value belongs or the reverse, and, when `isRequest`, a required field left out.
 * Empty when it fits.
 */
export function messageProblems(name: string, value: unknown, options: { isRequest: boolean; where?: string }): string[] {
  const fields = catalog.messages[name];
  const where = options.where ?? name;
  if (!fields) return [`${where}: no message ${name} in messages.json`];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${where}: ${JSON.stringify(value)} is not a ${name} object`];
  const problems: string[] = [];
  for (const [field, fieldValue] of Object.entries(value)) {
    const type = fields[field];
    if (type === undefined) {
      problems.push(`${where}.${field}: ${name} has no field '${field}'`);
      continue;
    }
    problems.push(...fieldProblems(type, fieldValue, { ...options, where: `${where}.${field}` }));
  }
  if (options.isRequest) {
    for (const [field, type] of Object.entries(fields)) {
      if (type.endsWith('!') && (value as Record<string, unknown>)[field] === undefined) problems.push(`${where}: required field '${field}' is missing`);
    }
  }
  return problems;
}

function fieldProblems(declared: string, value: unknown, options: { isRequest: boolean; where: string }): string[] {
  const type = declared.replace(/!$/, '');
  if (type.startsWith('repeated ')) {
    if (!Array.isArray(value)) return [`${options.where}: a list was expected, not ${JSON.stringify(value)}`];
    return value.flatMap((item, index) => fieldProblems(type.slice('repeated '.length), item, { ...options, where: `${options.where}[${index}]` }));
  }
  const is = (isValid: boolean, expected: string) => (isValid ? [] : [`${options.where}: ${JSON.stringify(value)} is not ${expected}`]);
  switch (type) {
    case 'string':
      return is(typeof value === 'string', 'a string');
    case 'bool':
      return is(typeof value === 'boolean', 'a boolean');
    case 'int32':
    case 'int64':
      // MLflow writes int64 as JSON numbers; its parser also takes strings of digits, which GET query strings are.
      return is(Number.isSafeInteger(value) || (options.isRequest && typeof value === 'string' && /^-?\d+$/.test(value)), `an ${type}`);
    case 'double':
      return is(typeof value === 'number' || value === 'NaN' || value === 'Infinity' || value === '-Infinity', 'a double');
  }
  if (type.startsWith('enum ')) {
    const values = catalog.enums[type.slice('enum '.length)] ?? [];
    return is(typeof value === 'string' && values.includes(value), `one of ${values.join(', ')}`);
  }
  return messageProblems(type, value, options);
}
