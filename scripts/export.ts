/**
 * Writes a self-contained PyTorch project that trains an experiment as the site does (same network and initialisation,
 * recipe, data stream): train.py, model.py, data.py, site_rng.py, run_io.py (from public/export/pytorch/), README.md,
 * requirements.txt and experiment.json.
 *
 *   npm run export -- --model resnet20 --recipe paper --epochs 30 --seed 0 --out runs/resnet20-torch
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildExperiment, type Experiment } from '../src/core/export/experiment.ts';
import { EXPORT_FILES, exportReadme } from '../src/core/export/readme.ts';

const SOURCE_DIR = 'public/export/pytorch';

const USAGE = `Usage: npm run export -- --model <preset> --recipe <tutorial|paper> [--epochs E] [--seed S] [--limit K] [--batch B] --out DIR
  [--depth N] [--widths 16,32,64] [--shortcut projection|zeropad] [--skips all|none|1,0,...] [--stem-bias true|false]
  presets: resnet20 ... resnet110 (option B, biased stem), resnet20-a ... (option A), plain20 ... plain110.
  --epochs: the tutorial's maximum (default 50; early stopping may end sooner); for the paper, its schedule scaled
  to E epochs (omit it for the full 64k updates). --limit K: train on K images of the 45,000, as npm run train.`;

function fail(msg: string): never {
  console.error(`error: ${msg}\n\n${USAGE}`);
  process.exit(2);
}

function integer(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n)) fail(`--${name} must be an integer, got "${v}".`);
  return n;
}

function options(): { experiment: Experiment; out: string } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        model: { type: 'string' }, recipe: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string', default: '0' },
        limit: { type: 'string' }, batch: { type: 'string' }, out: { type: 'string' }, depth: { type: 'string' },
        widths: { type: 'string' }, shortcut: { type: 'string' }, skips: { type: 'string' }, 'stem-bias': { type: 'string' },
        'log-every': { type: 'string' }, help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.out === undefined) fail('--out DIR is required (the folder the project is written to).');
  if (values.model === undefined) fail('--model <preset> is required, e.g. --model resnet20.');
  if (values.recipe === undefined) fail('--recipe tutorial or --recipe paper is required.');
  try {
    const experiment = buildExperiment({
      model: { model: values.model, depth: values.depth, widths: values.widths, shortcut: values.shortcut, skips: values.skips, stemBias: values['stem-bias'] },
      recipe: values.recipe, epochs: integer('epochs', values.epochs), seed: integer('seed', values.seed)!, limit: integer('limit', values.limit),
      batchSize: integer('batch', values.batch), logEvery: integer('log-every', values['log-every']),
    });
    return { experiment, out: values.out };
  } catch (e) {
    fail((e as Error).message);
  }
}

async function main(): Promise<void> {
  const { experiment, out } = options();
  await mkdir(out, { recursive: true });
  for (const f of EXPORT_FILES) await copyFile(join(SOURCE_DIR, f), join(out, f));
  await writeFile(join(out, 'experiment.json'), `${JSON.stringify(experiment, null, 1)}\n`);
  await writeFile(join(out, 'README.md'), exportReadme(experiment));
  console.log(`Wrote ${out}/: ${[...EXPORT_FILES, 'experiment.json', 'README.md'].join(', ')}.`);
  console.log(`${experiment.name}, ${experiment.parameters.toLocaleString('en-US')} parameters, recipe ${experiment.recipe.name}, ${experiment.totalSteps} steps of ${experiment.recipe.batchSize}, seed ${experiment.seed}.`);
  console.log(`Run: cd ${out} && python train.py --data <site>/public/data/cifar10   (or torchrun --nproc_per_node=N train.py ...)`);
}

main().catch((e: unknown) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
