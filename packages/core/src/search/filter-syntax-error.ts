import { MLOpsError } from '../errors.js';

/**
 * An INVALID_ARGUMENT raised for a filter or order-by text, carrying the 0-based offset
 * where the problem starts. It is an `MLOpsError` (code 'INVALID_ARGUMENT') for every
 * caller that branches on codes; the message gives the position 1-based, as people count.
 */
export class FilterSyntaxError extends MLOpsError {
  /** 0-based offset of the problem in the text. */
  readonly offset: number;

  constructor(offset: number, message: string) {
    super('INVALID_ARGUMENT', message);
    this.name = 'FilterSyntaxError';
    this.offset = offset;
  }
}

/** Shortens text for quoting in an error message. */
export function quoteFound(text: string): string {
  const short = text.length > 30 ? `${text.slice(0, 30)}…` : text;
  return `'${short}'`;
}
