/**
 * Runs the degradation race in Node on the real CIFAR-10 with the lab's own code and the WASM backend, to choose the
 * lab's defaults and record their curves. Settings are the lab's URL query, e.g.
 *   npx node scripts/labs/degradation.ts "nets=3p,9p,9r&width=8&size=16&steps=300" [--json out.json] [--read-every 5]
 * --read-every: steps between read-backs of loss and error (the lab's 5 by default; 1 gives every step's values).
 */
import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../src/lib/backend/index.ts';
import { loadRaceTrainNode } from '../lib/load-node.ts';
import { splitTrainValidation } from '../../src/core/data/split.ts';
import { Rng } from '../../src/core/random.ts';
import { readSettings, writeSettings } from '../../src/core/labs/settings.ts';
import { degradationTable } from '../../src/core/labs/degradation-settings.ts';
import { raceData } from '../../src/lib/race/data.ts';
import { netLabel } from '../../src/core/labs/net-label.ts';
import { Race, type RaceEvent } from '../../src/lib/race/race.ts';

const args = process.argv.slice(2);
const valueOf = (flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const jsonOut = valueOf('--json');
const readEvery = Number(valueOf('--read-every') ?? 5);
if (!Number.isInteger(readEvery) || readEvery < 1) {
  console.error(`--read-every takes a whole number of steps >= 1, got ${valueOf('--read-every')}.`);
  process.exit(2);
}
const query = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '';
const { settings, problems } = readSettings(degradationTable, query);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(2);
}

await setupBackend('wasm');
const train = await loadRaceTrainNode(settings.size);
const split = splitTrainValidation(train.count, Rng.fromSeed(settings.seed).fork('split'));
const data = raceData(train, split, { seed: settings.seed, trainCount: settings.train, valCount: settings.val, size: settings.size });
console.log(`backend ${tf.getBackend()}; ${writeSettings(degradationTable, settings)}`);

const labels = settings.nets.map(netLabel);
const events: RaceEvent[] = [];
const latest = labels.map(() => ({ loss: NaN, error: NaN, acc: NaN }));
const race = new Race(settings, data);
try {
  await race.run((e) => {
    events.push(e);
    if (e.type === 'train') Object.assign(latest[e.net]!, { loss: e.loss, error: e.error });
    if (e.type === 'val') latest[e.net]!.acc = e.accuracy;
    if (e.type === 'diverged') console.log(e.message);
    if (e.type === 'tick' && (e.step % settings.evalEvery === 0 || e.step === settings.steps)) {
      const cols = latest.map((l, i) => `${labels[i]} loss ${l.loss.toFixed(3)} err ${l.error.toFixed(3)} val ${l.acc.toFixed(3)}`);
      console.log(`step ${e.step} ${e.elapsedSeconds.toFixed(0)}s ${e.imagesPerSecond.toFixed(0)} img/s | ${cols.join(' | ')}`);
    }
    if (e.type === 'end') console.log(`end: ${e.reason} at step ${e.step} after ${e.elapsedSeconds.toFixed(1)} s`);
  }, { readEvery });
} finally {
  race.dispose();
}
if (jsonOut) await writeFile(jsonOut, JSON.stringify({ query: writeSettings(degradationTable, settings), readEvery, labels, events }, null, 1));
