/**
 * The arithmetic of `npm run bench`'s rounds, pure: per target the median with its spread over the rounds, the ratio
 * of the best browser path to PyTorch taken inside each round, and the rounds taken under load (flagged, never
 * dropped). A target that failed in a round is missing from that round's numbers, not counted as zero.
 */
import { median } from '../../src/lib/backend/measure.ts';

/** One measurement of one target in one round. */
export interface Sample {
  readonly target: string;
  /** os.loadavg() just before the measurement: 1, 5 and 15 minutes. */
  readonly load: readonly number[];
  /** null: the target failed in this round (see `error`). */
  readonly trainImgS: number | null;
  readonly inferImgS: number | null;
  readonly peakMB: number | null;
  readonly note?: string;
  readonly error?: string;
}

/** Every measurement of one round, in the order taken. */
export type Round = readonly Sample[];

/** Median, smallest and largest of the values present, and how many there were. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** The spread of the finite values (null/undefined = missing, e.g. a failed round); null when none is present. */
export function spread(xs: readonly (number | null | undefined)[]): Spread | null {
  const v = xs.filter((x): x is number => x != null && Number.isFinite(x));
  if (v.length === 0) return null;
  return { median: median(v), min: Math.min(...v), max: Math.max(...v), n: v.length };
}

/** The 1-minute load average before this measurement. */
export const load1 = (s: Sample): number => s.load[0] ?? Number.NaN;

/** A round is taken under load when the 1-minute load average before any of its measurements exceeded `threshold`. */
export function isFlagged(round: Round, threshold: number): boolean {
  return round.some((s) => load1(s) > threshold);
}

/** The fastest training throughput among `targets` measured in this round, or null if none of them succeeded. */
export function bestOf(round: Round, targets: readonly string[]): { target: string; imgS: number } | null {
  let best: { target: string; imgS: number } | null = null;
  for (const s of round) {
    if (!targets.includes(s.target) || s.trainImgS == null || !Number.isFinite(s.trainImgS)) continue;
    if (best == null || s.trainImgS > best.imgS) best = { target: s.target, imgS: s.trainImgS };
  }
  return best;
}

/** Who is compared with whom: the ratio's numerator is the best of `browser`, its denominator the best of `reference`. */
export interface Sides {
  readonly browser: readonly string[];
  readonly reference: readonly string[];
}

/** best browser path / best reference, both from this round; null when either side has no measurement in it. */
export function roundRatio(round: Round, sides: Sides): number | null {
  const b = bestOf(round, sides.browser);
  const r = bestOf(round, sides.reference);
  return b && r && r.imgS > 0 ? b.imgS / r.imgS : null;
}

export interface TargetSummary {
  readonly target: string;
  /** Rounds that tried this target, and the failures among them (1-based round numbers). */
  readonly attempted: number;
  readonly failures: readonly { round: number; error: string }[];
  readonly train: Spread | null;
  readonly infer: Spread | null;
  readonly peakMB: Spread | null;
  /** This target's training img/s over the best reference of the same round, per round, then the spread. */
  readonly ratio: Spread | null;
  /** The first note of a successful measurement (threads, kernels, versions). */
  readonly note: string;
}

export interface BenchSummary {
  readonly rounds: number;
  readonly threshold: number;
  /** 1-based numbers of the rounds taken under load. */
  readonly flagged: readonly number[];
  /** Per round: best browser path / best reference (null where a side is missing). */
  readonly roundRatios: readonly (number | null)[];
  /** The spread of roundRatios over all rounds, and over the unflagged rounds only. */
  readonly ratio: Spread | null;
  readonly ratioUnflagged: Spread | null;
  /** The browser target with the highest median training img/s, and that median. */
  readonly bestBrowser: { target: string; imgS: number } | null;
  /** Per round the best reference (e.g. PyTorch's faster memory layout), then the spread. */
  readonly reference: Spread | null;
  /** Per target, in order of first appearance. */
  readonly targets: readonly TargetSummary[];
}

/** Everything the table and the record report, from the rounds as measured. */
export function summarize(rounds: readonly Round[], sides: Sides, threshold: number): BenchSummary {
  const flagged = rounds.flatMap((r, i) => (isFlagged(r, threshold) ? [i + 1] : []));
  const roundRatios = rounds.map((r) => roundRatio(r, sides));
  const refPerRound = rounds.map((r) => bestOf(r, sides.reference)?.imgS ?? null);
  const names = [...new Set(rounds.flatMap((r) => r.map((s) => s.target)))];
  const targets = names.map((target): TargetSummary => {
    const tried = rounds.flatMap((r, i) => r.filter((s) => s.target === target).map((s) => ({ s, round: i + 1, ref: refPerRound[i] ?? null })));
    const ok = tried.filter(({ s }) => s.trainImgS != null);
    return {
      target,
      attempted: tried.length,
      failures: tried.filter(({ s }) => s.trainImgS == null).map(({ s, round }) => ({ round, error: s.error ?? 'no result' })),
      train: spread(ok.map(({ s }) => s.trainImgS)),
      infer: spread(ok.map(({ s }) => s.inferImgS)),
      peakMB: spread(ok.map(({ s }) => s.peakMB)),
      ratio: spread(ok.map(({ s, ref }) => (ref ? s.trainImgS! / ref : null))),
      note: ok.map(({ s }) => s.note ?? '').find((n) => n !== '') ?? '',
    };
  });
  let bestBrowser: { target: string; imgS: number } | null = null;
  for (const t of targets) {
    if (sides.browser.includes(t.target) && t.train && (bestBrowser == null || t.train.median > bestBrowser.imgS)) {
      bestBrowser = { target: t.target, imgS: t.train.median };
    }
  }
  return {
    rounds: rounds.length,
    threshold,
    flagged,
    roundRatios,
    ratio: spread(roundRatios),
    ratioUnflagged: spread(roundRatios.filter((_, i) => !flagged.includes(i + 1))),
    bestBrowser,
    reference: spread(refPerRound),
    targets,
  };
}
