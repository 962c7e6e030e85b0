/**
 * Evaluates PyTorch-layout safetensors weights on the real CIFAR-10 test set (public/data/cifar10, from `npm run data`)
 * with the site's own model code, in Node (WASM by default, or CPU). Prints per-class accuracy, then one JSON line last:
 * {"model": ..., "test_acc": ..., "n": ...}.
 *
 *   npm run eval -- --weights public/models/resnet20_sgd30.safetensors --model resnet20 [--limit 1000]
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { setupBackend, type BackendName } from '../src/lib/backend/index.ts';
import { CLASS_NAMES } from '../src/core/data/cifar10.ts';
import { DEFAULT_DATA_DIR, loadPartNode } from './lib/load-node.ts';
import { evaluate } from '../src/lib/inspect/index.ts';
import { configFromOptions, describeConfig, presetConfig } from '../src/core/model/index.ts';
import type { ModelConfig } from '../src/core/model/types.ts';
import { modelFromTorchSafetensors, readWeights } from '../src/lib/weights/index.ts';

const USAGE = `Usage: npm run eval -- --weights <file.safetensors> [--model <preset>] [--depth N] [--limit K]
  [--stem-bias true|false] [--bn running|batch] [--batch-size B] [--backend wasm|cpu] [--data ${DEFAULT_DATA_DIR}]
  presets: resnet20 ... resnet110 (option B), resnet20-a ... (option A), plain20 ... plain110.
  Without --model the network is detected from the file's keys, shapes and metadata (as the site's upload does).
  --bn batch normalises with each test batch's own statistics (the tutorial's choice; depends on --batch-size).`;

function fail(msg: string): never {
  console.error(`error: ${msg}\n\n${USAGE}`);
  process.exit(2);
}

function positive(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive integer, got "${v}".`);
  return n;
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        weights: { type: 'string' }, model: { type: 'string' }, depth: { type: 'string' }, 'stem-bias': { type: 'string' }, limit: { type: 'string' },
        bn: { type: 'string', default: 'running' }, 'batch-size': { type: 'string' }, backend: { type: 'string', default: 'wasm' },
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
  if (values.weights === undefined) fail('--weights <file.safetensors> is required.');
  if (values.backend !== 'wasm' && values.backend !== 'cpu') fail(`--backend must be wasm or cpu in Node, got "${values.backend}".`);
  if (values.bn !== 'running' && values.bn !== 'batch') fail(`--bn must be running or batch, got "${values.bn}".`);
  if (values.model === undefined && values.depth !== undefined) fail('--depth changes a --model preset; give --model too, or neither to detect the network from the file.');
  let config;
  try {
    config = values.model === undefined ? undefined : configFromOptions({ model: values.model, depth: values.depth, stemBias: values['stem-bias'] });
  } catch (e) {
    fail((e as Error).message);
  }
  return {
    weights: values.weights, config, data: values.data, backend: values.backend as BackendName, bn: values.bn as 'running' | 'batch',
    limit: positive('limit', values.limit), batchSize: positive('batch-size', values['batch-size']),
  };
}

/** The options that build `c` (a preset, and the stem bias where it differs from the preset's). */
function flagsFor(c: ModelConfig): string {
  const depth = 6 * c.blocksPerStage + 2;
  const preset = c.skips === 'none' ? `plain${depth}` : c.shortcut === 'zeropad' ? `resnet${depth}-a` : `resnet${depth}`;
  return `${preset}${presetConfig(preset).stemBias === c.stemBias ? '' : ` --stem-bias ${c.stemBias}`}`;
}

/** The network the file holds, as the site's upload detects it; ambiguous or foreign files stop with the reason. */
function detected(bytes: Uint8Array, path: string): ModelConfig {
  const r = readWeights(bytes, path);
  if (r.kind === 'error') fail(r.message);
  if (r.kind === 'choice') fail(`${r.reason}\nSay which with --model: ${r.candidates.map((c) => `${flagsFor(c.config)} (${c.label})`).join(' or ')}.`);
  console.error(`Detected ${r.model.label}${r.basis === 'metadata' ? ' (from the file\'s metadata)' : ''}.${r.notes.length ? ` ${r.notes.join(' ')}` : ''}`);
  return r.model.config;
}

async function main(): Promise<void> {
  const o = options();
  await setupBackend(o.backend);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(o.weights);
  } catch (e) {
    fail(`cannot read --weights ${o.weights}: ${(e as Error).message}`);
  }
  const config = o.config ?? detected(bytes, o.weights);
  const model = modelFromTorchSafetensors(config, bytes);
  const test = await loadPartNode(o.data, 'test');
  const t0 = performance.now();
  const r = await evaluate(model, test, {
    limit: o.limit, batchSize: o.batchSize, bn: o.bn,
    onProgress: (done, total) => process.stderr.write(`\r${done} / ${total} images`),
  });
  model.dispose();
  process.stderr.write(`\n${((performance.now() - t0) / 1000).toFixed(1)} s on ${o.backend}\n`);
  r.perClass.forEach((acc, c) => console.log(`${(CLASS_NAMES[c] ?? String(c)).padEnd(12)} ${Number.isNaN(acc) ? '  n/a' : acc.toFixed(4)}`));
  console.log(JSON.stringify({ model: describeConfig(config), test_acc: r.accuracy, n: r.n, loss: Number(r.loss.toFixed(6)), bn: o.bn, weights: o.weights }));
}

main().catch((e: unknown) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
