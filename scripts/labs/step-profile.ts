/**
 * Milliseconds per training step and a per-kernel profile (tf.profile) of one step, on the wasm backend in Node:
 * ResNet-20 at batch 128 with SGD (the bench's step), or a degradation race's net with the race's defaults.
 *   node scripts/labs/step-profile.ts [net=resnet20|plain56|resnet56] [threads=1] [steps=8] [top=12] [native=on|off]
 * Race nets use the race's settings (width 8, size 16, batch 32, Adam; override with width=, size=, batch=, opt=).
 */
import * as tf from '@tensorflow/tfjs-core';
import { nativeKernelsInUse, setNativeKernels } from '../../src/lib/backend/index.ts';
import { kernelTable, median, syntheticBatch } from '../../src/lib/backend/measure.ts';
import { presetConfig } from '../../src/core/model/index.ts';
import { PAPER_SGD } from '../../src/core/train/optimizer-settings.ts';
import { createModel } from '../../src/lib/model/build.ts';
import { FlatOptimizer } from '../../src/lib/train/optimizers.ts';
import { trainStep } from '../../src/lib/train/step.ts';
import { readSettings } from '../../src/core/labs/settings.ts';
import { degradationTable } from '../../src/core/labs/degradation-settings.ts';
import { raceModelConfig, raceOptimizer } from '../../src/core/labs/race-config.ts';
import { setupNodeBackend } from '../lib/node-wasm-threads.ts';

const opt = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const net = opt['net'] ?? 'resnet20';
await setupNodeBackend('wasm', { threads: Number(opt['threads'] ?? '1') });
if (opt['native'] === 'off') setNativeKernels(false);

function setup() {
  if (net === 'resnet20') return { config: presetConfig('resnet20'), optimizer: PAPER_SGD, batch: Number(opt['batch'] ?? '128') };
  const race = /^(plain|resnet)(\d+)$/.exec(net);
  if (race == null) throw new Error(`net must be resnet20, plain<depth> or resnet<depth>, got '${net}'.`);
  const query = new URLSearchParams({ width: opt['width'] ?? '8', size: opt['size'] ?? '16', batch: opt['batch'] ?? '32', opt: opt['opt'] ?? 'adam' });
  const { settings } = readSettings(degradationTable, query.toString());
  const n = (Number(race[2]) - 2) / 6;
  return { config: raceModelConfig({ n, skips: race[1] === 'plain' ? 'none' : 'all' }, settings), optimizer: raceOptimizer(settings), batch: settings.batch };
}

const { config, optimizer: settings, batch } = setup();
const model = createModel(config);
const optimizer = new FlatOptimizer(settings, model.params);
const { x, labels } = syntheticBatch(batch, config.inputSize, config.inputChannels, config.numClasses, 1);
const step = async () => {
  const r = trainStep(model, optimizer, x, labels, 0.001);
  try {
    await r.loss.data();
  } finally {
    tf.dispose([r.loss, r.wrong]);
  }
};
for (let i = 0; i < 2; i++) await step();
const times: number[] = [];
// CPU time of this process per step: on a shared machine less disturbed by other processes than the wall time.
const cpu: number[] = [];
for (let i = 0; i < Number(opt['steps'] ?? '8'); i++) {
  const [t0, c0] = [performance.now(), process.cpuUsage()];
  await step();
  const c = process.cpuUsage(c0);
  times.push(performance.now() - t0);
  cpu.push((c.user + c.system) / 1000);
}
const profile = await tf.profile(step);
const table = kernelTable(profile);
const ms = median(times);
const listed = table.reduce((s, k) => s + k.ms, 0);
console.log(`${net} batch ${batch}, ${settings.kind}, own kernels ${nativeKernelsInUse() ?? 'off'}: median ${ms.toFixed(1)} ms/step (${(batch / ms * 1000).toFixed(1)} img/s), min ${Math.min(...times).toFixed(1)}; CPU median ${median(cpu).toFixed(1)} ms/step`);
console.log(`profiled step: ${profile.kernels.length} kernels, ${listed.toFixed(1)} ms listed kernel time`);
for (const k of table.slice(0, Number(opt['top'] ?? '12'))) console.log(`  ${k.name.padEnd(34)} ${String(k.calls).padStart(5)} calls ${k.ms.toFixed(1).padStart(7)} ms`);
if (opt['shapes']) {
  const by = new Map<string, { calls: number; ms: number }>();
  for (const k of profile.kernels) {
    if (!opt['shapes'].split(',').includes(k.name)) continue;
    const key = `${k.name} ${JSON.stringify(k.inputShapes)} -> ${JSON.stringify(k.outputShapes)}`;
    const r = by.get(key) ?? { calls: 0, ms: 0 };
    by.set(key, { calls: r.calls + 1, ms: r.ms + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0) });
  }
  for (const [key, r] of [...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40)) console.log(`${r.calls} ${r.ms.toFixed(2)} ${key}`);
}
