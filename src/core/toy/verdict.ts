/** When a toy race shows degradation, in one definition shared by the figure's text and the measuring script. */

/** The deep plain net's loss is more than this many times the worse of the other two ... */
export const BEHIND_RATIO = 2;
/** ... and more than this far above it. */
export const BEHIND_MARGIN = 0.1;

/** Whether `deepPlain`'s loss is clearly above every loss in `others`. */
export function clearlyBehind(deepPlain: number, others: readonly number[]): boolean {
  const worst = Math.max(...others);
  return Number.isFinite(deepPlain) && others.every(Number.isFinite) && deepPlain > BEHIND_RATIO * worst && deepPlain > worst + BEHIND_MARGIN;
}

/**
 * Index of the first read-back from which the deep plain net (index `deep` of each row of losses) is clearly behind the
 * others at `hold` read-backs in a row, or null when that never happens.
 */
export function clearlyBehindFrom(rows: readonly (readonly number[])[], deep = 1, hold = 4): number | null {
  let run = 0;
  for (const [i, row] of rows.entries()) {
    run = clearlyBehind(row[deep]!, row.filter((_l, j) => j !== deep)) ? run + 1 : 0;
    if (run === hold) return i - hold + 1;
  }
  return null;
}
