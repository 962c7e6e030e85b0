/**
 * The degradation race over several seeds in Node (WASM, the lab's own code), each ended by the lab's verdict: the
 * training error of every net on a fixed subset of its training images (src/lib/race/end-error.ts). Errors do not
 * depend on the machine's load; steps and images are counted, wall time is printed for reference only.
 *   npx node scripts/labs/race-seeds.ts "<lab query>" [--seeds 1-5] [--judge-at 100,200]
 * --judge-at: steps before the end at which the verdict is also measured (to see when the gap opens).
 */
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../src/lib/backend/index.ts';
import { loadRaceTrainNode } from '../lib/load-node.ts';
import { splitTrainValidation } from '../../src/core/data/split.ts';
import { Rng } from '../../src/core/random.ts';
import { readSettings, writeSettings } from '../../src/core/labs/settings.ts';
import { degradationTable } from '../../src/core/labs/degradation-settings.ts';
import { raceData } from '../../src/lib/race/data.ts';
import { netLabel } from '../../src/core/labs/net-label.ts';
import { Race } from '../../src/lib/race/race.ts';

const args = process.argv.slice(2);
const valueOf = (flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const seedsArg = valueOf('--seeds') ?? '1-5';
const range = /^(\d+)-(\d+)$/.exec(seedsArg);
const seeds = range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_v, i) => Number(range[1]) + i) : seedsArg.split(',').map(Number);
if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0)) {
  console.error(`--seeds takes a range (1-5) or a list (1,3,7) of whole numbers, got ${seedsArg}.`);
  process.exit(2);
}
const judgeAt = (valueOf('--judge-at') ?? '').split(',').filter((v) => v !== '').map(Number);
const query = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '';
const base = readSettings(degradationTable, query);
if (base.problems.length) {
  console.error(base.problems.join('\n'));
  process.exit(2);
}

await setupBackend('wasm', { wasmThreads: false });
const train = await loadRaceTrainNode(base.settings.size);
const labels = base.settings.nets.map(netLabel);
console.log(`backend ${tf.getBackend()} (1 thread); ${writeSettings(degradationTable, base.settings)}; seeds ${seeds.join(',')}`);

for (const seed of seeds) {
  const settings = { ...base.settings, seed };
  const split = splitTrainValidation(train.count, Rng.fromSeed(seed).fork('split'));
  const data = raceData(train, split, { seed, trainCount: settings.train, valCount: settings.val, size: settings.size });
  const race = new Race(settings, data);
  const byStep = new Map<number, number[]>();
  const report = (step: number, final: number[]) => {
    const gap = final.length >= 2 ? ` | gap(2-1) ${(100 * (final[1]! - final[0]!)).toFixed(1)} pt` : '';
    const res = final.length >= 3 ? ` | (3-1) ${(100 * (final[2]! - final[0]!)).toFixed(1)} pt` : '';
    console.log(`seed ${seed} step ${step}: ${labels.map((l, i) => `${l} ${(100 * final[i]!).toFixed(1)}%`).join(', ')}${gap}${res}`);
  };
  let line = '';
  try {
    await race.run((e) => {
      if (e.type === 'end-error') {
        if (!byStep.has(e.step)) byStep.set(e.step, labels.map(() => Number.NaN));
        const row = byStep.get(e.step)!;
        row[e.net] = e.error;
        if (e.net === labels.length - 1) report(e.step, row);
      }
      if (e.type === 'end') line = `${e.step} steps, ${e.elapsedSeconds.toFixed(1)} s`;
    }, { judgeAt });
  } finally {
    race.dispose();
  }
  console.log(`seed ${seed}: ${line}`);
}
