/**
 * Training-step parity with PyTorch (FIDELITY.md): runs the four golden runs of test/fixtures/train-steps (5 updates
 * of ResNet-20 / plain-20 from the reference weights on the first 128 test images, SGD and Adam) with the project's
 * own training step on each Node backend, and prints the errors against PyTorch's losses and state dicts as a table.
 *
 *   npm run fidelity                       # wasm, all four runs (about 30 s of CPU)
 *   npm run fidelity -- --backend cpu --run resnet20_sgd30_sgd5   # cpu: about 8 min of CPU per run
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend, type BackendName } from '../src/lib/backend/index.ts';
import { DEFAULT_DATA_DIR, loadPartNode } from './lib/load-node.ts';
import {
  GOLDEN_RUNS, GOLDEN_STEPS, compare, formatTable, goldenBatch, readGolden, readStartWeights, runSteps, type Row,
} from './lib/golden-steps.ts';

const NODE_BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];
const USAGE = `Usage: npm run fidelity -- [--backend wasm|cpu]... [--run <name>]... [--data ${DEFAULT_DATA_DIR}]
  default: --backend wasm, every run. cpu is slow: about 8 min of CPU per run (5 updates of 128 images).
  runs: ${GOLDEN_RUNS.map((r) => r.name).join(', ')}`;

function fail(msg: string): never {
  console.error(`error: ${msg}\n\n${USAGE}`);
  process.exit(2);
}

function options(): { backends: BackendName[]; runs: typeof GOLDEN_RUNS; data: string } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        backend: { type: 'string', multiple: true }, run: { type: 'string', multiple: true },
        data: { type: 'string', default: DEFAULT_DATA_DIR }, help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const backends = (values.backend ?? ['wasm']) as BackendName[];
  for (const b of backends) if (!NODE_BACKENDS.includes(b)) fail(`--backend must be wasm or cpu in Node, got "${b}".`);
  const names = values.run ?? GOLDEN_RUNS.map((r) => r.name);
  for (const n of names) if (!GOLDEN_RUNS.some((r) => r.name === n)) fail(`unknown run "${n}".`);
  return { backends, runs: GOLDEN_RUNS.filter((r) => names.includes(r.name)), data: values.data! };
}

async function main(): Promise<void> {
  const opts = options();
  let test;
  try {
    test = await loadPartNode(opts.data, 'test');
  } catch (e) {
    fail(`cannot read the CIFAR-10 test set in ${opts.data} (run \`npm run data\` first): ${(e as Error).message}`);
  }
  const rows: Row[] = [];
  for (const backend of opts.backends) {
    await setupBackend(backend);
    const { x, labels } = goldenBatch(test);
    for (const r of opts.runs) {
      const golden = readGolden(r);
      const start = readStartWeights(r);
      const t0 = performance.now();
      const ours = await runSteps(r, start, x, labels, GOLDEN_STEPS);
      const seconds = (performance.now() - t0) / 1000;
      const c = compare(golden, ours, start);
      rows.push({ backend, run: r.name, steps: GOLDEN_STEPS, seconds, c });
      console.log(`${backend} ${r.name}: ${seconds.toFixed(1)} s; losses ${ours.losses.map((l) => l.toFixed(6)).join(' ')}`);
    }
    x.dispose();
    labels.dispose();
  }
  console.log(`\n${formatTable(rows)}`);
  console.log(`\nloss: max |ours - PyTorch's| over the ${GOLDEN_STEPS} losses. parameter, running-stat: per tensor max|ours - PyTorch| / max|PyTorch|. ` +
    `update: per parameter tensor |ours - PyTorch|_2 / |PyTorch - start|_2. Worst tensor shown. tfjs ${tf.version_core}.`);
}

await main();
