/** Number formats the prose uses, so pages quote values computed elsewhere without arithmetic of their own. */

/** An integer with thousands separators: 272490 -> '272,490'. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A fraction as a percentage with `digits` decimals: 0.8827 -> '88.27%'. */
export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** The complement of an accuracy as a percentage: 0.9125 -> '8.75%'. */
export function formatErrorPercent(accuracy: number, digits = 1): string {
  return formatPercent(1 - accuracy, digits);
}

/** A byte count in decimal gigabytes with one decimal: 27036560000 -> '27.0 GB'. */
export function formatGigabytes(bytes: number): string {
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** A byte count in binary gibibytes with one decimal: 27036560000 -> '25.2 GiB'. */
export function formatGibibytes(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

/** A number with a fixed number of decimals: formatFixed(0.6, 2) -> '0.60'. */
export function formatFixed(x: number, digits: number): string {
  return x.toFixed(digits);
}

/** A difference of two fractions in percentage points, without the unit: 0.0123 -> '1.2'. */
export function formatPoints(fractionDiff: number, digits = 1): string {
  return (fractionDiff * 100).toFixed(digits);
}

/** A duration as the labs and the benchmarks print it: "45 s", "2.1 min", "6.5 h". */
export function formatDuration(seconds: number): string {
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 60) return `${(seconds / 60).toFixed(1)} min`;
  return `${Math.round(seconds)} s`;
}
