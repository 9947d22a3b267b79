/**
 * Where and what a `JSON.parse` error is, without the text around it (which may hold a
 * secret): "Expected ',' or '}' after property value at line 3, column 18".
 */
export function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  // V8 quotes the text in some messages ("Unexpected token 'x', "{"a": x}" is not valid JSON"): keep only the reason.
  const reason = message.replace(/,\s*(?:\.\.\.)?".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return reason;
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `${reason} at line ${line}, column ${column}`;
}
