/**
 * Sets a run of `npm run train` beside PyTorch's reference run of the same net and recipe, epoch by epoch (training
 * loss and error, validation accuracy), and prints a Markdown table for FIDELITY.md. A run still in progress is
 * compared over the epochs it completed. With --test, also evaluates its weights on the 10,000 test images.
 *
 *   npm run compare-runs -- --run runs/resnet20-paper30 --reference resnet20_sgd30 [--test]
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { epochRows } from '../src/core/train/epoch-curves.ts';
import { runNamed } from '../src/core/results.ts';
import type { ModelConfig } from '../src/core/model/types.ts';
import { evaluate } from '../src/lib/inspect/index.ts';
import { modelFromTorchSafetensors } from '../src/lib/weights/index.ts';
import { DEFAULT_DATA_DIR, loadPartNode } from './lib/load-node.ts';
import { setupNodeBackend } from './lib/node-wasm-threads.ts';
import { readRunRecord } from './lib/run-record.ts';
import reference from '../src/data/reference_runs.json' with { type: 'json' };

const USAGE = 'Usage: npm run compare-runs -- --run DIR --reference NAME [--test] [--data public/data/cifar10]\n  NAME: a run of src/data/reference_runs.json (resnet20_sgd30, plain20_sgd15, plain56_sgd15, resnet56_sgd15).';

function fail(msg: string): never {
  console.error(`${msg}\n\n${USAGE}`);
  process.exit(2);
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { run: { type: 'string' }, reference: { type: 'string' }, test: { type: 'boolean' }, data: { type: 'string', default: DEFAULT_DATA_DIR }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.run === undefined || values.reference === undefined) fail('--run and --reference are required.');
  let ref: (typeof reference.results)[number];
  try {
    ref = runNamed(reference.results, values.reference);
  } catch (e) {
    fail((e as Error).message);
  }
  const run = JSON.parse(await readFile(join(values.run, 'curves.json'), 'utf8')) as { config: ModelConfig; reason: string; curves: Parameters<typeof epochRows>[0] };
  const record = await readRunRecord(values.run);
  const ours = epochRows(run.curves);
  if (ours.length === 0) fail(`The run in ${values.run} has not completed an epoch yet.`);
  console.log(`| epoch | train loss (ours / PyTorch) | train error (ours / PyTorch) | validation accuracy (ours / PyTorch) |`);
  console.log('|---|---|---|---|');
  for (const r of ours) {
    const p = ref.curve.find((c) => c.epoch === r.epoch);
    console.log(`| ${r.epoch} | ${f3(r.trainLoss)} / ${f3(p?.train_loss)} | ${f3(r.trainError)} / ${f3(p?.train_err)} | ${f3(r.valAccuracy)} / ${f3(p?.val_acc)} |`);
  }
  const last = ours.at(-1)!;
  const lastRef = ref.curve.find((c) => c.epoch === last.epoch);
  console.log(`\n${ours.length} of ${ref.epochs} epochs (run ${run.reason}${record ? `, ${(record.trainingSeconds / 3600).toFixed(2)} h of training over ${record.invocations.length} invocation(s)` : ''}); at epoch ${last.epoch} validation accuracy ${f3(last.valAccuracy)} against PyTorch's ${f3(lastRef?.val_acc)}.`);
  if (values.test) {
    await setupNodeBackend('wasm', {});
    const model = modelFromTorchSafetensors(run.config, await readFile(join(values.run, 'weights.safetensors')));
    const r = await evaluate(model, await loadPartNode(values.data, 'test'));
    model.dispose();
    console.log(`Test accuracy on ${r.n} images: ${r.accuracy.toFixed(4)} (PyTorch's run: ${ref.test_acc}; difference ${((r.accuracy - ref.test_acc) * 100).toFixed(2)} points).`);
  }
}

main().catch((e: unknown) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
