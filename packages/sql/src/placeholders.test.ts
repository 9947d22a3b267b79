import { describe, expect, it } from 'vitest';
import { bindPlaceholders } from './placeholders.js';
import type { SqlDialect } from './sql-dialect.js';

const numbered = { placeholder: (index: number) => `$${index}` } as SqlDialect;
const question = { placeholder: () => '?' } as unknown as SqlDialect;

describe('bindPlaceholders', () => {
  it('numbers ? placeholders in order for dialects that number them', () => {
    expect(bindPlaceholders('SELECT * FROM runs WHERE id = ? AND name IN (?, ?)', numbered)).toBe('SELECT * FROM runs WHERE id = $1 AND name IN ($2, $3)');
  });

  it('leaves question marks inside quoted literals and identifiers alone', () => {
    expect(bindPlaceholders(`SELECT '?' AS "a?b", ? FROM t WHERE x LIKE '%?%' ESCAPE '\\' AND y = ?`, numbered)).toBe(
      `SELECT '?' AS "a?b", $1 FROM t WHERE x LIKE '%?%' ESCAPE '\\' AND y = $2`,
    );
  });

  it('returns the text unchanged for ? dialects', () => {
    const sql = 'SELECT ? , ?';
    expect(bindPlaceholders(sql, question)).toBe(sql);
  });
});
