/**
 * The lesion study's plan and summaries, as plain data (Veit, Wilber, Belongie 2016): the intact net, every deletable
 * block deleted on its own, then `draws` seeded random sets of k deleted blocks for each k. Pure, so the worker, the
 * Node script and the tests run the same plan.
 */
import { Rng } from '../random.ts';

/** One evaluation of the plan: which blocks are deleted. */
export type LesionCase =
  | { readonly kind: 'intact'; readonly blocks: readonly number[] }
  | { readonly kind: 'single'; readonly blocks: readonly number[] }
  | { readonly kind: 'random'; readonly k: number; readonly draw: number; readonly blocks: readonly number[] };

export interface LesionPlanOptions {
  /** Random sets per k (k from 1 to every deletable block; a single set where only one exists). */
  readonly draws: number;
  readonly seed: number;
}

/** k distinct blocks drawn from `deletable` (sorted), by a seeded partial Fisher-Yates shuffle. */
export function drawBlocks(deletable: readonly number[], k: number, rng: Rng): number[] {
  if (!Number.isInteger(k) || k < 0 || k > deletable.length) throw new Error(`Cannot draw ${k} of ${deletable.length} blocks.`);
  const pool = [...deletable];
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}

/** The whole plan for a net whose deletable blocks are `deletable`, in the order it runs (intact and singles first). */
export function lesionPlan(deletable: readonly number[], opts: LesionPlanOptions): LesionCase[] {
  if (!Number.isInteger(opts.draws) || opts.draws < 1) throw new Error(`draws must be a positive whole number, got ${opts.draws}.`);
  const rng = Rng.fromSeed(opts.seed).fork('lesion');
  const cases: LesionCase[] = [{ kind: 'intact', blocks: [] }, ...deletable.map((b): LesionCase => ({ kind: 'single', blocks: [b] }))];
  for (let k = 1; k <= deletable.length; k++) {
    const n = k === deletable.length ? 1 : opts.draws;
    for (let draw = 0; draw < n; draw++) cases.push({ kind: 'random', k, draw, blocks: drawBlocks(deletable, k, rng) });
  }
  return cases;
}

/** Mean, sample standard deviation (0 for one value), smallest and largest of some accuracies. */
export interface Spread {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
}

export function spreadOf(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) return { n, mean: Number.NaN, sd: Number.NaN, min: Number.NaN, max: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, mean, sd, min: Math.min(...values), max: Math.max(...values) };
}

/** One measured case: its blocks and the accuracy of the net with them deleted. */
export interface LesionMeasurement {
  readonly case: LesionCase;
  readonly accuracy: number;
}

/** Accuracy against the number of deleted blocks: the spread over the random draws for each k measured so far. */
export function randomCurve(measured: readonly LesionMeasurement[]): { k: number; spread: Spread }[] {
  const byK = new Map<number, number[]>();
  for (const m of measured) if (m.case.kind === 'random') byK.set(m.case.k, [...(byK.get(m.case.k) ?? []), m.accuracy]);
  return [...byK.entries()].sort(([a], [b]) => a - b).map(([k, acc]) => ({ k, spread: spreadOf(acc) }));
}

/** The headline numbers: intact accuracy, mean and worst drop (in accuracy, intact minus lesioned) over single deletions. */
export function singleDeletionSummary(measured: readonly LesionMeasurement[]): { intact: number; meanDrop: number; worstDrop: number; worstBlock: number } | null {
  const intact = measured.find((m) => m.case.kind === 'intact')?.accuracy;
  const singles = measured.filter((m) => m.case.kind === 'single');
  if (intact === undefined || singles.length === 0) return null;
  const drops = singles.map((m) => intact - m.accuracy);
  const worst = drops.indexOf(Math.max(...drops));
  return { intact, meanDrop: drops.reduce((a, b) => a + b, 0) / drops.length, worstDrop: drops[worst]!, worstBlock: singles[worst]!.case.blocks[0]! };
}
