/** What `npm run bench` prints and records from its rounds: the per-target table, the per-round table, the ratio lines and the JSON summary. Pure. */
import { formatDuration } from '../../src/core/format.ts';
import { projectFullRecipe } from '../../src/core/train/projection.ts';
import { isFlagged, load1, roundRatio, bestOf, type BenchSummary, type Round, type Sides, type Spread } from './stats.ts';

/** The summary JSON line (the last line printed, and `summary` in bench/results.jsonl). Version 1's four keys keep their meaning, now as medians over rounds. */
export interface Summary {
  readonly best_browser_backend: string | null;
  /** Median over rounds of the best browser target's training img/s. */
  readonly best_browser_img_s: number | null;
  /** Median over rounds of PyTorch's faster layout. */
  readonly pytorch_img_s: number | null;
  /** Median over all rounds of (best browser path / PyTorch) taken inside each round. */
  readonly ratio: number | null;
  readonly ratio_min: number | null;
  readonly ratio_max: number | null;
  /** The same over the rounds not taken under load (null if every round was flagged). */
  readonly ratio_unflagged: number | null;
  readonly ratio_unflagged_min: number | null;
  readonly ratio_unflagged_max: number | null;
  readonly round_ratios: readonly (number | null)[];
  readonly rounds: number;
  /** 1-based numbers of the rounds with a 1-minute load average above load_threshold before a measurement. */
  readonly flagged_rounds: readonly number[];
  readonly load_threshold: number;
}

const round = (v: number | null | undefined, digits: number) => (v == null ? null : Number(v.toFixed(digits)));

export function summaryJson(s: BenchSummary): Summary {
  return {
    best_browser_backend: s.bestBrowser?.target ?? null,
    best_browser_img_s: round(s.bestBrowser?.imgS, 2),
    pytorch_img_s: round(s.reference?.median, 2),
    ratio: round(s.ratio?.median, 4),
    ratio_min: round(s.ratio?.min, 4),
    ratio_max: round(s.ratio?.max, 4),
    ratio_unflagged: round(s.ratioUnflagged?.median, 4),
    ratio_unflagged_min: round(s.ratioUnflagged?.min, 4),
    ratio_unflagged_max: round(s.ratioUnflagged?.max, 4),
    round_ratios: s.roundRatios.map((r) => round(r, 4)),
    rounds: s.rounds,
    flagged_rounds: s.flagged,
    load_threshold: s.threshold,
  };
}

const fmt = (v: number | null | undefined, digits = 1) => (v == null ? '—' : v.toFixed(digits));
const range = (s: Spread | null, digits = 1) => (s == null ? '—' : `${s.min.toFixed(digits)}-${s.max.toFixed(digits)}`);

/** One row per target: medians over the rounds, the training spread, and the median of its per-round ratios to PyTorch. */
export function targetTable(s: BenchSummary, batchOf: (target: string) => number | null): string {
  const head = [
    '| target | batch | train img/s (median) | train min-max | rounds | ratio to PyTorch (median, min-max) | inference img/s | peak MB | note |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const body = s.targets.map((t) => {
    const ratio = t.ratio ? `${t.ratio.median.toFixed(3)} (${range(t.ratio, 3)})` : '—';
    const failed = t.failures.length === 0 ? ''
      : !t.train ? `unavailable: ${t.failures[0]!.error}`
      : `failed in round ${t.failures.map((f) => f.round).join(', ')}: ${t.failures[0]!.error}`;
    const note = [t.note, failed].filter(Boolean).join('; ');
    return `| ${t.target} | ${batchOf(t.target) ?? '—'} | ${fmt(t.train?.median)} | ${range(t.train)} | ${t.train?.n ?? 0}/${t.attempted} | ${ratio} | ${fmt(t.infer?.median)} | ${fmt(t.peakMB?.median, 0)} | ${note} |`;
  });
  return [...head, ...body].join('\n');
}

/** One row per round: the load before its measurements, both sides of the ratio, the ratio, and the load flag. */
export function roundTable(rounds: readonly Round[], sides: Sides, threshold: number): string {
  const head = [
    '| round | 1-min load before each measurement (min-max) | best browser path img/s | PyTorch img/s | ratio | under load |',
    '|---|---|---|---|---|---|',
  ];
  const body = rounds.map((r, i) => {
    const loads = r.map(load1);
    const b = bestOf(r, sides.browser);
    const p = bestOf(r, sides.reference);
    const top = Math.max(...loads);
    const flag = isFlagged(r, threshold) ? `**flagged** (${top.toFixed(2)} > ${threshold})` : 'no';
    return `| ${i + 1} | ${Math.min(...loads).toFixed(2)}-${top.toFixed(2)} | ${b ? `${b.imgS.toFixed(1)} (${b.target})` : '—'} | ${p ? `${p.imgS.toFixed(1)} (${p.target})` : '—'} | ${fmt(roundRatio(r, sides), 3)} | ${flag} |`;
  });
  return [...head, ...body].join('\n');
}

const ratioText = (s: Spread | null, rounds: number) => (s ? `${s.median.toFixed(3)} (${range(s, 3)}, ${s.n} of ${rounds} rounds)` : 'none');

/** The ratio over all rounds and over the unflagged ones, and how many rounds were flagged and why. */
export function ratioLines(s: BenchSummary): string {
  const unflagged = s.rounds - s.flagged.length;
  return [
    `Best browser path / PyTorch, taken inside each round, median (min-max): all rounds: ${ratioText(s.ratio, s.rounds)}; ` +
      `unflagged rounds only: ${unflagged === 0 ? 'none (every round was flagged)' : ratioText(s.ratioUnflagged, unflagged)}.`,
    `Flagged: ${s.flagged.length} of ${s.rounds} rounds${s.flagged.length ? ` (${s.flagged.join(', ')})` : ''}, ` +
      `i.e. a 1-minute load average above ${s.threshold} before one of their measurements.`,
  ].join('\n');
}

/** Issue 16's goal for the paper's full recipe on this machine's two cores. */
export const FULL_RECIPE_GOAL_HOURS = 4;

/**
 * The paper's full recipe (64,000 updates of 128) at the best browser path's and PyTorch's median training speeds,
 * training updates only. Null when the best browser path did not train at the recipe's batch (its speed would not say).
 */
export function projectionLine(s: BenchSummary, batchOf: (target: string) => number | null): string | null {
  if (!s.bestBrowser || !(s.bestBrowser.imgS > 0)) return null;
  const p = projectFullRecipe(s.bestBrowser.imgS);
  if (batchOf(s.bestBrowser.target) !== p.batchSize) return null;
  const needed = p.images / (FULL_RECIPE_GOAL_HOURS * 3600);
  const torch = s.reference ? ` PyTorch at its median ${s.reference.median.toFixed(1)} img/s: ${formatDuration(projectFullRecipe(s.reference.median).totalSeconds)}.` : '';
  return `The paper's full recipe (${p.steps.toLocaleString('en-US')} updates of ${p.batchSize}, ${Math.round(p.epochs)} epochs of 45,000 images), ` +
    `training updates only, at ${s.bestBrowser.target}'s median ${s.bestBrowser.imgS.toFixed(1)} img/s: an epoch ${formatDuration(p.epochSeconds)}, ` +
    `all of it ${formatDuration(p.totalSeconds)} (goal ${FULL_RECIPE_GOAL_HOURS} h or less: ${needed.toFixed(0)} img/s or more).${torch}`;
}

/** The whole printed report: both tables, the ratio lines and the full-recipe projection. */
export function reportText(s: BenchSummary, rounds: readonly Round[], sides: Sides, batchOf: (target: string) => number | null): string {
  const projection = projectionLine(s, batchOf);
  return [targetTable(s, batchOf), '', roundTable(rounds, sides, s.threshold), '', ratioLines(s), ...(projection ? ['', projection] : [])].join('\n');
}
