/**
 * Trains a preset on CIFAR-10 with the tutorial's or the paper's recipe, in Node (WASM or CPU backend), with the same
 * library the site uses. Writes DIR/curves.json, DIR/weights.safetensors (PyTorch layout: `npm run eval`, PyTorch)
 * DIR/run.json (command lines, commit, machine, training time: scripts/lib/run-record.ts)
 * and DIR/checkpoint.safetensors (every epoch, every --checkpoint-every seconds of training and on Ctrl-C; `--resume`
 * continues from it, mid-epoch included). WASM runs on every core
 * (--threads N); results are identical for any thread count, so curves.json and the weights are too (the wall time
 * is printed, not stored in curves.json).
 *
 *   npm run train -- --model resnet20 --recipe tutorial --epochs 1 --limit 2000 --seed 0 --out runs/try
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { nativeKernelsInUse, wasmThreadsInUse, type BackendName } from '../src/lib/backend/index.ts';
import { DEFAULT_DATA_DIR, loadCifar10Node } from './lib/load-node.ts';
import { describeConfig, presetConfig } from '../src/core/model/index.ts';
import { createModel } from '../src/lib/model/index.ts';
import { CIFAR10_NORMALISATION } from '../src/core/data/cifar10.ts';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../src/lib/train/checkpoint.ts';
import { trainingSplit } from '../src/lib/train/data.ts';
import { recipeByName } from '../src/core/train/recipes.ts';
import { CHECKPOINT_EVERY_SECONDS } from '../src/core/train/checkpoints.ts';
import type { TrainEvent } from '../src/lib/train/state.ts';
import { Trainer } from '../src/lib/train/trainer.ts';
import { exportTorchSafetensors } from '../src/lib/weights/torch.ts';
import { defaultNodeThreads, setupNodeBackend } from './lib/node-wasm-threads.ts';
import { currentCommit, machineDescription, readRunRecord, withInvocation, writeRunRecord } from './lib/run-record.ts';

const USAGE = `Usage: npm run train -- --model <preset> --recipe <tutorial|paper> --epochs E [--limit K] [--seed S] --out DIR
  [--batch B] [--log-every N] [--backend wasm|cpu] [--threads N] [--data ${DEFAULT_DATA_DIR}] [--resume DIR/checkpoint.safetensors]
  [--checkpoint-every SECONDS] (default ${CHECKPOINT_EVERY_SECONDS}; epoch ends and Ctrl-C save too)
  presets: resnet20 ... resnet110, resnet20-a (option A), plain20 ... plain110.
  --epochs: the tutorial's maximum (early stopping may end sooner); for the paper, its schedule scaled to E epochs
  (omit --epochs with --recipe paper for the full 64k iterations). --limit K: train on K images of the 45,000.
  --threads N: threads for the wasm backend (default: all cores, ${defaultNodeThreads()} here); results do not depend on it.`;

function fail(msg: string): never {
  console.error(`${msg}\n\n${USAGE}`);
  process.exit(2);
}

function intOpt(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got "${v}".`);
  return n;
}

function options() {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' }, recipe: { type: 'string' }, epochs: { type: 'string' }, limit: { type: 'string' },
      seed: { type: 'string', default: '0' }, out: { type: 'string' }, batch: { type: 'string' }, 'log-every': { type: 'string', default: '10' },
      backend: { type: 'string', default: 'wasm' }, threads: { type: 'string' }, data: { type: 'string', default: DEFAULT_DATA_DIR }, resume: { type: 'string' },
      'checkpoint-every': { type: 'string', default: String(CHECKPOINT_EVERY_SECONDS) },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.out === undefined) fail('--out DIR is required (where curves.json and the weights go).');
  if (values.resume === undefined && (values.model === undefined || values.recipe === undefined)) fail('--model and --recipe are required (or --resume a checkpoint).');
  if (values.backend !== 'wasm' && values.backend !== 'cpu') fail(`--backend must be wasm or cpu in Node, got "${values.backend}".`);
  const threads = intOpt(values.threads, 'threads');
  const checkpointEvery = Number(values['checkpoint-every']);
  if (!(checkpointEvery > 0)) fail(`--checkpoint-every must be a positive number of seconds, got "${values['checkpoint-every']}".`);
  if (threads === 0) fail('--threads must be at least 1.');
  if (threads !== undefined && values.backend !== 'wasm') fail(`--threads applies to the wasm backend only (--backend ${values.backend} runs on one thread).`);
  if (values.recipe === 'tutorial' && values.epochs === undefined && values.resume === undefined) fail('--epochs E is required with --recipe tutorial (the tutorial uses at most 50).');
  return { ...values, out: values.out, backend: values.backend as BackendName, threads, checkpointEvery, seed: intOpt(values.seed, 'seed')!, epochs: intOpt(values.epochs, 'epochs'), limit: intOpt(values.limit, 'limit'), batch: intOpt(values.batch, 'batch'), logEvery: intOpt(values['log-every'], 'log-every')! };
}

async function writeAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  await writeFile(`${path}.partial`, bytes);
  await rename(`${path}.partial`, path);
}

function report(e: TrainEvent): void {
  if (e.type === 'progress') {
    const eta = e.etaSeconds < 3600 ? `${(e.etaSeconds / 60).toFixed(1)} min` : `${(e.etaSeconds / 3600).toFixed(1)} h`;
    console.log(`step ${e.step}/${e.totalSteps} (epoch ${e.epoch}, batch ${e.batch}/${e.stepsPerEpoch}) lr ${Number(e.lr.toPrecision(3))} | loss ${e.loss.toFixed(3)} | train error ${e.trainError.toFixed(3)} | ${e.imagesPerSecond.toFixed(1)} img/s | ETA ${eta}`);
  } else if (e.type === 'validation') console.log(e.line);
  else if (e.type === 'end') console.log(`${e.reason}: ${e.message}`);
}

async function main(): Promise<void> {
  const o = options();
  const backend = await setupNodeBackend(o.backend, { threads: o.threads });
  const native = nativeKernelsInUse();
  const runsOn = backend === 'wasm' ? `backend wasm on ${wasmThreadsInUse()} thread(s)${native ? ` (own kernels ${native})` : ''}` : `backend ${backend}`;
  const resumed: Checkpoint | null = o.resume === undefined ? null : decodeCheckpoint(await readFile(o.resume));
  const seed = resumed?.state.spec.seed ?? o.seed;
  const { train } = await loadCifar10Node(o.data, { parts: ['train'] });
  const limit = resumed?.state.data.train ?? o.limit;
  const data = trainingSplit(train!, { seed, limit: limit === 0 ? undefined : limit });
  const config = resumed?.state.modelConfig ?? presetConfig(o.model!, { seed });
  const model = createModel(config);
  let trainer: Trainer;
  const hooks = { checkpointEverySeconds: o.checkpointEvery };
  try {
    // A resumed run keeps its own recipe; --recipe/--epochs/--batch only shape new runs.
    trainer = resumed !== null
      ? Trainer.resume(model, data, resumed, hooks)
      : Trainer.start(model, data, { recipe: recipeByName(o.recipe!, { epochs: o.epochs, trainCount: data.train.count, batchSize: o.batch }), seed, logEvery: Math.max(1, o.logEvery), normalisation: CIFAR10_NORMALISATION, valBatchSize: 500 }, hooks);
  } catch (e) {
    model.dispose();
    fail(e instanceof Error ? e.message : String(e));
  }
  await mkdir(o.out, { recursive: true });
  // A resumed run is named by its network, as its first invocation named it ('resnet20'), not by the file it resumed.
  const name = o.model ?? describeConfig(config);
  console.log(`Training ${name} (${config.skips === 'none' ? 'plain' : 'residual'}), recipe ${trainer.spec.recipe.name}, on ${data.train.count} images (validation ${data.val.count}), ${trainer.totalSteps} steps, ${runsOn}, seed ${seed}.`);
  const record = withInvocation(await readRunRecord(o.out), {
    command: `npm run train -- ${process.argv.slice(2).join(' ')}`, startedAt: new Date().toISOString(), commit: currentCommit(),
    machine: machineDescription(), runsOn, fromStep: trainer.progress.step,
  });
  const saveRecord = async () => {
    record.trainingSeconds = trainer.progress.elapsedSeconds;
    record.step = trainer.progress.step;
    await writeRunRecord(o.out, record);
  };
  await saveRecord();
  const saveCheckpoint = async () => {
    await writeAtomic(join(o.out, 'checkpoint.safetensors'), encodeCheckpoint(await trainer.checkpoint()));
    await saveRecord();
  };
  trainer.on(async (e) => {
    report(e);
    if (e.type === 'epoch' || e.type === 'checkpoint-due' || e.type === 'paused') await saveCheckpoint();
  });
  process.once('SIGINT', () => {
    console.log('Pausing after this step to save a checkpoint (Ctrl-C again to quit at once).');
    trainer.pause();
    process.once('SIGINT', () => process.exit(130));
  });
  const reason = await trainer.run();
  const seconds = trainer.progress.elapsedSeconds;
  if (seconds > 0) console.log(`${trainer.progress.step} steps in ${seconds.toFixed(1)} s, ${((trainer.progress.step * trainer.spec.recipe.batchSize) / seconds).toFixed(1)} img/s (validation included), ${runsOn}.`);
  // Only what the run computed: the same seed gives the same file, whatever the thread count or the machine's speed.
  const summary = {
    model: name, config, recipe: trainer.spec.recipe, seed, backend, reason, steps: trainer.progress.step,
    train_images: data.train.count, val_images: data.val.count,
    final_val_acc: trainer.curves.val.at(-1)?.accuracy ?? null, curves: trainer.curves,
  };
  await writeAtomic(join(o.out, 'curves.json'), JSON.stringify(summary, null, 1));
  await saveRecord();
  if (reason !== 'diverged') await writeAtomic(join(o.out, 'weights.safetensors'), await exportTorchSafetensors(model, { model: name, config: JSON.stringify(model.config), recipe: trainer.spec.recipe.name, steps: String(trainer.progress.step) }));
  console.log(`Wrote ${join(o.out, 'curves.json')}${reason !== 'diverged' ? `, ${join(o.out, 'weights.safetensors')}` : ' (no weights: the run diverged; the last good checkpoint stays)'} and ${join(o.out, 'checkpoint.safetensors')}.`);
  trainer.dispose();
  model.dispose();
  if (reason === 'diverged') process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
