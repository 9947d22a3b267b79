// Sparklines and bars are a line of block characters each: a dependency would be larger than
// the code (the sparkline packages on npm are little used and bring their own colour library).
const sparks = '▁▂▃▄▅▆▇█';
const eighths = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** One character per value, from ▁ (the least) to █ (the greatest); non-finite values are blank. */
export function sparkline(values: readonly number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return ' '.repeat(values.length);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return values
    .map((value) => {
      if (!Number.isFinite(value)) return ' ';
      const level = max === min ? sparks.length - 1 : Math.round(((value - min) / (max - min)) * (sparks.length - 1));
      return sparks[level];
    })
    .join('');
}

/** A horizontal bar of `value / max` of `width` cells, in eighths of a cell. */
export function bar(value: number, max: number, width: number): string {
  if (!(max > 0) || !(value > 0)) return '';
  const cells = Math.min(1, value / max) * width;
  const whole = Math.floor(cells);
  const rest = Math.round((cells - whole) * 8);
  return '█'.repeat(whole) + (rest === 8 ? '█' : eighths[rest]!) || '▏';
}

/** At most `count` values evenly taken from `values` (first and last kept), for a sparkline that fits a line. */
export function takeEvenly<T>(values: readonly T[], count: number): T[] {
  if (values.length <= count) return [...values];
  return Array.from({ length: count }, (_unused, index) => values[Math.round((index * (values.length - 1)) / (count - 1))]!);
}
