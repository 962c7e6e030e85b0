/**
 * Publishes a finished `npm run train` run as one of the site's models: evaluates its weights on the 10,000 test
 * images, copies the weights and curves to public/models/ID.safetensors and ID.curves.json, and writes its entry in
 * the manifest (src/data/models.json: preset, recipe, epochs, seed, command lines, commits, machine, training time,
 * final validation and test accuracy), which every page reads to say who trained a model.
 *
 *   npm run publish-model -- --run runs/resnet20-paper30 --id resnet20_lab30 --label "ResNet-20 (trained here)"
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setupNodeBackend } from './lib/node-wasm-threads.ts';
import { DEFAULT_DATA_DIR, loadPartNode } from './lib/load-node.ts';
import { readRunRecord } from './lib/run-record.ts';
import { evaluate } from '../src/lib/inspect/index.ts';
import { modelFromTorchSafetensors } from '../src/lib/weights/index.ts';
import { checkManifest, withModel, type PublishedModel } from '../src/core/models/manifest.ts';
import { presetOf, validateConfig } from '../src/core/model/index.ts';
import type { ModelConfig } from '../src/core/model/types.ts';
import type { Recipe } from '../src/core/train/recipes.ts';

const USAGE = `Usage: npm run publish-model -- --run DIR --id ID --label LABEL [--preset P] [--models public/models] [--manifest src/data/models.json] [--data ${DEFAULT_DATA_DIR}]
  DIR is an \`npm run train\` output folder of a completed run (curves.json, weights.safetensors, run.json).`;

function fail(msg: string): never {
  console.error(`${msg}\n\n${USAGE}`);
  process.exit(2);
}

interface RunCurves {
  readonly model: string;
  readonly config: ModelConfig;
  readonly recipe: Recipe;
  readonly seed: number;
  readonly reason: string;
  readonly steps: number;
  readonly final_val_acc: number | null;
  readonly curves: { readonly val: readonly { readonly epoch: number }[] };
}

function options() {
  const { values } = parseArgs({
    options: {
      run: { type: 'string' }, id: { type: 'string' }, label: { type: 'string' }, preset: { type: 'string' },
      models: { type: 'string', default: 'public/models' }, manifest: { type: 'string', default: 'src/data/models.json' },
      data: { type: 'string', default: DEFAULT_DATA_DIR }, help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.run === undefined || values.id === undefined || values.label === undefined) fail('--run, --id and --label are required.');
  if (!/^[a-z0-9_-]+$/.test(values.id)) fail(`--id must be a file stem of lower-case letters, digits, _ and -, got "${values.id}".`);
  return { ...values, run: values.run, id: values.id, label: values.label };
}

/** "the paper's SGD schedule scaled to 30 epochs ..." from the recipe the run recorded. */
function recipeInWords(r: Recipe): string {
  const opt = r.optimizer.kind === 'sgd'
    ? `SGD (momentum ${r.optimizer.momentum}, weight decay ${r.optimizer.weightDecay})`
    : `Adam (weight decay ${r.optimizer.weightDecay})`;
  return `${r.name}: ${opt}, batch ${r.batchSize}, ${r.augment ? 'augmentation' : 'no augmentation'}`;
}

async function main(): Promise<void> {
  const o = options();
  const curves = JSON.parse(await readFile(join(o.run, 'curves.json'), 'utf8')) as RunCurves;
  if (curves.reason !== 'completed') fail(`The run in ${o.run} ended with "${curves.reason}", not "completed": resume it first (npm run train -- --resume ${join(o.run, 'checkpoint.safetensors')} --out ${o.run}).`);
  validateConfig(curves.config);
  const preset = o.preset ?? presetOf(curves.config) ?? fail(`The run in ${o.run} trained a network no preset describes (${JSON.stringify(curves.config)}): name the closest with --preset.`);
  const record = await readRunRecord(o.run);
  if (record === null) fail(`${join(o.run, 'run.json')} is missing: runs trained before run records existed need their command lines written by hand.`);
  const weightsPath = join(o.run, 'weights.safetensors');
  const bytes = await readFile(weightsPath);
  await setupNodeBackend('wasm', {});
  const model = modelFromTorchSafetensors(curves.config, bytes);
  const test = await loadPartNode(o.data, 'test');
  const r = await evaluate(model, test, { onProgress: (done, total) => process.stderr.write(`\r${done} / ${total} test images`) });
  model.dispose();
  process.stderr.write('\n');
  const manifest = checkManifest(JSON.parse(await readFile(o.manifest, 'utf8')));
  const lastVal = curves.final_val_acc;
  if (lastVal === null) fail(`The run in ${o.run} has no validation point.`);
  const entry: PublishedModel = {
    id: o.id, label: o.label, preset, trainedBy: 'resnet-lab',
    framework: 'ResNet Lab, TensorFlow.js WASM with its own kernels', recipe: recipeInWords(curves.recipe),
    epochs: Math.round(curves.curves.val.at(-1)?.epoch ?? 0), seed: curves.seed,
    commands: record.invocations.map((i) => i.command), commits: [...new Set(record.invocations.flatMap((i) => (i.commit === null ? [] : [i.commit])))],
    machine: [...new Set(record.invocations.map((i) => `${i.machine}, ${i.runsOn}`))].join('; '),
    trainingSeconds: Math.round(record.trainingSeconds), finalValAccuracy: lastVal, testAccuracy: r.accuracy,
    testHow: `npm run eval (this site's library in Node, WASM, float32) on all ${r.n} test images`,
    weights: `/models/${o.id}.safetensors`, curves: `/models/${o.id}.curves.json`,
  };
  await copyFile(weightsPath, join(o.models, `${o.id}.safetensors`));
  await copyFile(join(o.run, 'curves.json'), join(o.models, `${o.id}.curves.json`));
  await writeFile(o.manifest, `${JSON.stringify(withModel(manifest, entry), null, 1)}\n`);
  console.log(`Published ${o.id}: test accuracy ${r.accuracy.toFixed(4)} on ${r.n} images, final validation ${lastVal.toFixed(4)}, ${(record.trainingSeconds / 3600).toFixed(2)} h of training.`);
}

main().catch((e: unknown) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
