/**
 * Runs the landing page's toy race in Node with the figure's own code (src/lib/toy) on the WASM backend, for a number
 * of seconds per seed, prints the three losses over time and when the deep plain net fell clearly behind:
 *   npx node scripts/labs/toy-race.ts [--seconds 10] [--steps N] [--seeds 1-5] [--lr 0.01] [--batch 64] [--opt adam|sgd]
 *                                      [--depths 4,30] [--width 32] [--turns 1.75] [--backend wasm|cpu] [--every 1]
 * "Clearly behind" (the same test as the figure's status line, src/core/toy/verdict.ts): the deep plain net's loss is
 * more than twice the worse of the other two and more than 0.1 above it, at 4 read-backs (20 steps) in a row.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../src/lib/backend/index.ts';
import { TOY_DEFAULTS, TOY_NETS, type ToyRaceSettings } from '../../src/core/toy/race-config.ts';
import { PAPER_SGD } from '../../src/core/train/optimizer-settings.ts';
import { clearlyBehindFrom } from '../../src/core/toy/verdict.ts';
import { ToyRace } from '../../src/lib/toy/race.ts';

const args = process.argv.slice(2);
const valueOf = (flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const num = (flag: string, fallback: number): number => {
  const v = valueOf(flag);
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`${flag} takes a number > 0, got ${v}.`);
    process.exit(2);
  }
  return n;
};
const seconds = num('--seconds', 10);
const maxSteps = num('--steps', 1_000_000);
const printEvery = num('--every', 1);
const [from, to] = (valueOf('--seeds') ?? '1-5').split('-').map(Number);
const seeds = Array.from({ length: (to ?? from!) - from! + 1 }, (_v, i) => from! + i);
const [shallow, deep] = (valueOf('--depths') ?? `${TOY_NETS[0]!.depth},${TOY_NETS[1]!.depth}`).split(',').map(Number);
const opt = valueOf('--opt') ?? 'adam';
const base: ToyRaceSettings = {
  ...TOY_DEFAULTS,
  lr: num('--lr', TOY_DEFAULTS.lr),
  batch: num('--batch', TOY_DEFAULTS.batch),
  width: num('--width', TOY_DEFAULTS.width),
  spirals: { ...TOY_DEFAULTS.spirals, turns: num('--turns', TOY_DEFAULTS.spirals.turns) },
  optimizer: opt === 'sgd' ? { ...PAPER_SGD, weightDecay: 0 } : TOY_DEFAULTS.optimizer,
  nets: [
    { ...TOY_NETS[0]!, depth: shallow!, label: `${shallow}-layer plain` },
    { ...TOY_NETS[1]!, depth: deep!, label: `${deep}-layer plain` },
    { ...TOY_NETS[2]!, depth: deep!, label: `${deep}-layer residual` },
  ],
  maxSteps,
};

await setupBackend((valueOf('--backend') ?? 'wasm') as 'wasm' | 'cpu');
console.log(`backend ${tf.getBackend()}; ${opt} lr ${base.lr}, batch ${base.batch}, width ${base.width}, nets ${base.nets.map((n) => n.label).join(' / ')}, ${seconds} s per seed`);

for (const seed of seeds) {
  const race = new ToyRace({ ...base, seed });
  const t0 = performance.now();
  const points: { t: number; step: number; losses: readonly number[] }[] = [];
  let lastPrint = -Infinity;
  await race.run((e) => {
    if (e.type !== 'losses') return;
    const t = (performance.now() - t0) / 1000;
    points.push({ t, step: e.step, losses: e.losses });
    if (t - lastPrint >= printEvery) {
      lastPrint = t;
      console.log(`seed ${seed} ${t.toFixed(1)}s step ${e.step} | ${e.losses.map((l, i) => `${base.nets[i]!.label} ${l.toFixed(3)}`).join(' | ')}`);
    }
    if (t >= seconds) race.stop();
  });
  race.dispose();
  const at = clearlyBehindFrom(points.map((p) => p.losses));
  const last = points.at(-1)!;
  const verdict = at === null ? 'NOT clearly behind within the run' : `clearly behind from ${points[at]!.t.toFixed(1)} s (step ${points[at]!.step})`;
  console.log(`SEED ${seed}: ${last.step} steps in ${last.t.toFixed(1)} s (${((1000 * last.t) / last.step).toFixed(0)} ms/step); final ${last.losses.map((l) => l.toFixed(3)).join(' / ')}; deep plain ${verdict}`);
}
