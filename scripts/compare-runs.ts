/**
 * Sets a run of `npm run train` beside PyTorch's reference run of the same net and recipe (or beside another run's folder), epoch by epoch (training
 * loss and error, validation accuracy), and prints a Markdown table for FIDELITY.md. A run still in progress is
 * compared over the epochs it completed. With --test, also evaluates its weights on the 10,000 test images.
 *
 *   npm run compare-runs -- --run runs/resnet20-paper30 --reference resnet20_sgd30 [--test]
 *   npm run compare-runs -- --run runs/plain20-paper15 --against runs/plain20-paper15-torch/run [--test]
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { epochRows, type EpochRow } from '../src/core/train/epoch-curves.ts';
import { runNamed } from '../src/core/results.ts';
import type { ModelConfig } from '../src/core/model/types.ts';
import { evaluate } from '../src/lib/inspect/index.ts';
import { modelFromTorchSafetensors } from '../src/lib/weights/index.ts';
import { DEFAULT_DATA_DIR, loadPartNode } from './lib/load-node.ts';
import { setupNodeBackend } from './lib/node-wasm-threads.ts';
import { readRunRecord } from './lib/run-record.ts';
import referenceRuns from '../src/data/reference_runs.json' with { type: 'json' };

const USAGE = `Usage: npm run compare-runs -- --run DIR (--reference NAME | --against DIR2) [--test [--weights FILE]] [--data public/data/cifar10]
  NAME: a run of src/data/reference_runs.json (resnet20_sgd30, plain20_sgd15, plain56_sgd15, resnet56_sgd15).
  DIR2: another run's folder with curves.json and weights.safetensors (e.g. the same experiment exported with
        npm run export and trained by its train.py: reference-runs/plain20-paper15-torch/run).
  --weights: the run's weights when they are not in DIR (a published run: public/models/<id>.safetensors).`;

function fail(msg: string): never {
  console.error(`${msg}\n\n${USAGE}`);
  process.exit(2);
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3));

interface RunFile {
  readonly config: ModelConfig;
  readonly reason: string;
  readonly framework?: string;
  readonly curves: Parameters<typeof epochRows>[0];
}

/** What the table sets beside the run: epoch rows, a name for the column, the test accuracy it reported or its weights to evaluate. */
interface Other {
  readonly name: string;
  readonly epochs: number | null;
  readonly rows: readonly EpochRow[];
  readonly testAccuracy: number | null;
  readonly weightsDir: string | null;
  readonly config: ModelConfig | null;
}

async function readRun(dir: string): Promise<RunFile> {
  try {
    return JSON.parse(await readFile(join(dir, 'curves.json'), 'utf8')) as RunFile;
  } catch (e) {
    return fail(`Cannot read ${join(dir, 'curves.json')}: ${(e as Error).message}`);
  }
}

async function otherSide(reference: string | undefined, against: string | undefined): Promise<Other> {
  if (against !== undefined) {
    const run = await readRun(against);
    return { name: run.framework ?? against, epochs: null, rows: epochRows(run.curves), testAccuracy: null, weightsDir: against, config: run.config };
  }
  let ref: (typeof referenceRuns.results)[number];
  try {
    ref = runNamed(referenceRuns.results, reference!);
  } catch (e) {
    return fail((e as Error).message);
  }
  return {
    name: 'PyTorch', epochs: ref.epochs, testAccuracy: ref.test_acc, weightsDir: null, config: null,
    rows: ref.curve.map((c) => ({ epoch: c.epoch, trainLoss: c.train_loss, trainError: c.train_err, valAccuracy: c.val_acc })),
  };
}

async function testAccuracy(config: ModelConfig, weights: string, data: string): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(weights);
  } catch {
    return fail(`No weights at ${weights}. A published run's weights are in public/models/<id>.safetensors: pass them with --weights.`);
  }
  const model = modelFromTorchSafetensors(config, bytes);
  try {
    return (await evaluate(model, await loadPartNode(data, 'test'))).accuracy;
  } finally {
    model.dispose();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { run: { type: 'string' }, reference: { type: 'string' }, against: { type: 'string' }, test: { type: 'boolean' }, weights: { type: 'string' }, data: { type: 'string', default: DEFAULT_DATA_DIR }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.run === undefined) fail('--run is required.');
  if ((values.reference === undefined) === (values.against === undefined)) fail('Give one of --reference and --against.');
  const other = await otherSide(values.reference, values.against);
  const run = await readRun(values.run);
  const record = await readRunRecord(values.run);
  const ours = epochRows(run.curves);
  if (ours.length === 0) fail(`The run in ${values.run} has not completed an epoch yet.`);
  const them = other.name;
  console.log(`| epoch | train loss (ours / ${them}) | train error (ours / ${them}) | validation accuracy (ours / ${them}) |`);
  console.log('|---|---|---|---|');
  for (const r of ours) {
    const p = other.rows.find((c) => c.epoch === r.epoch);
    console.log(`| ${r.epoch} | ${f3(r.trainLoss)} / ${f3(p?.trainLoss)} | ${f3(r.trainError)} / ${f3(p?.trainError)} | ${f3(r.valAccuracy)} / ${f3(p?.valAccuracy)} |`);
  }
  const last = ours.at(-1)!;
  const lastOther = other.rows.find((c) => c.epoch === last.epoch);
  const of = other.epochs === null ? `${ours.length} epochs completed here, ${other.rows.length} by ${them}` : `${ours.length} of ${other.epochs} epochs`;
  console.log(`\n${of} (run ${run.reason}${record ? `, ${(record.trainingSeconds / 3600).toFixed(2)} h of training over ${record.invocations.length} invocation(s)` : ''}); at epoch ${last.epoch} validation accuracy ${f3(last.valAccuracy)} against ${them}'s ${f3(lastOther?.valAccuracy)}.`);
  if (values.test) {
    await setupNodeBackend('wasm', {});
    const mine = await testAccuracy(run.config, values.weights ?? join(values.run, 'weights.safetensors'), values.data);
    const theirs = other.testAccuracy ?? (await testAccuracy(other.config!, join(other.weightsDir!, 'weights.safetensors'), values.data));
    const how = other.testAccuracy === null ? 'evaluated here the same way' : "its run's own figure";
    console.log(`Test accuracy on the 10,000 test images: ${mine.toFixed(4)} (${them}: ${theirs.toFixed(4)}, ${how}; difference ${((mine - theirs) * 100).toFixed(2)} points).`);
  }
}

main().catch((e: unknown) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
