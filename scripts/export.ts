/**
 * Writes a self-contained PyTorch project that trains an experiment as the site does (same network and initialisation,
 * recipe, data stream): the Python files of public/export/pytorch/ (EXPORT_FILES), README.md, requirements.txt and
 * experiment.json. With --race, the degradation race of a /labs/degradation link: one experiment per net in
 * experiment.json, trained one after the other by train.py.
 *
 *   npm run export -- --model resnet20 --recipe paper --epochs 30 --seed 0 --out runs/resnet20-torch
 *   npm run export -- --race "nets=3p,9p,9r&size=16&steps=250&seed=1" --out runs/race-torch
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildExperiment } from '../src/core/export/experiment.ts';
import { raceExport, raceSettingsFromQuery } from '../src/core/export/from-race.ts';
import { raceReadme } from '../src/core/export/race-readme.ts';
import { EXPORT_FILES, exportReadme } from '../src/core/export/readme.ts';

const SOURCE_DIR = 'public/export/pytorch';

const USAGE = `Usage: npm run export -- --model <preset> --recipe <tutorial|paper> [--epochs E] [--seed S] [--limit K] [--batch B] --out DIR
  [--depth N] [--widths 16,32,64] [--shortcut projection|zeropad] [--skips all|none|1,0,...] [--stem-bias true|false]
  presets: resnet20 ... resnet110 (option B, biased stem), resnet20-a ... (option A), plain20 ... plain110.
  --epochs: the tutorial's maximum (default 50; early stopping may end sooner); for the paper, its schedule scaled
  to E epochs (omit it for the full 64k updates). --limit K: train on K images of the 45,000, as npm run train.
   or: npm run export -- --race "<query>" --out DIR
  the degradation race of a /labs/degradation link: its query string (or the whole link), e.g.
  "nets=3p,9p,9r&width=8&size=16&train=5000&val=250&batch=32&opt=adam&lr=0.003&steps=250&every=50&seed=1";
  keys left out take the race's defaults. One experiment per net; train.py trains them in turn.`;

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

/** What to write: experiment.json's content, the README, and a line saying what it is. */
interface Project {
  readonly experiment: unknown;
  readonly readme: string;
  readonly summary: string;
}

const RACE_ONLY_CONFLICTS = ['model', 'recipe', 'epochs', 'limit', 'batch', 'depth', 'widths', 'shortcut', 'skips', 'stem-bias', 'log-every'] as const;

function raceProject(query: string, values: Record<string, unknown>): Project {
  const clash = RACE_ONLY_CONFLICTS.filter((k) => values[k] !== undefined);
  if (clash.length) fail(`--race takes every setting from the race's query string; leave out ${clash.map((k) => `--${k}`).join(', ')}.`);
  if (values.seed !== '0' && values.seed !== undefined) fail('--race takes the seed from the query string (seed=...); leave out --seed.');
  try {
    const race = raceExport(raceSettingsFromQuery(query));
    const nets = race.nets.map((e) => `${e.net!.slug} (${e.parameters.toLocaleString('en-US')} parameters)`).join(', ');
    const s = race.settings;
    return { experiment: race, readme: raceReadme(race), summary: `race of ${nets}: ${s.steps} steps of ${s.batch} on ${s.train} images at ${s.size}x${s.size}, seed ${s.seed}.` };
  } catch (e) {
    fail(`--race "${query}": ${(e as Error).message}`);
  }
}

function options(): { project: Project; out: string } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        model: { type: 'string' }, recipe: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string', default: '0' },
        limit: { type: 'string' }, batch: { type: 'string' }, out: { type: 'string' }, depth: { type: 'string' },
        widths: { type: 'string' }, shortcut: { type: 'string' }, skips: { type: 'string' }, 'stem-bias': { type: 'string' },
        'log-every': { type: 'string' }, race: { type: 'string' }, help: { type: 'boolean' },
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
  if (values.race !== undefined) return { project: raceProject(values.race, values), out: values.out };
  if (values.model === undefined) fail('--model <preset> is required, e.g. --model resnet20.');
  if (values.recipe === undefined) fail('--recipe tutorial or --recipe paper is required.');
  try {
    const experiment = buildExperiment({
      model: { model: values.model, depth: values.depth, widths: values.widths, shortcut: values.shortcut, skips: values.skips, stemBias: values['stem-bias'] },
      recipe: values.recipe, epochs: integer('epochs', values.epochs), seed: integer('seed', values.seed)!, limit: integer('limit', values.limit),
      batchSize: integer('batch', values.batch), logEvery: integer('log-every', values['log-every']),
    });
    const summary = `${experiment.name}, ${experiment.parameters.toLocaleString('en-US')} parameters, recipe ${experiment.recipe.name}, ${experiment.totalSteps} steps of ${experiment.recipe.batchSize}, seed ${experiment.seed}.`;
    return { project: { experiment, readme: exportReadme(experiment), summary }, out: values.out };
  } catch (e) {
    fail((e as Error).message);
  }
}

async function main(): Promise<void> {
  const { project, out } = options();
  await mkdir(out, { recursive: true });
  for (const f of EXPORT_FILES) await copyFile(join(SOURCE_DIR, f), join(out, f));
  await writeFile(join(out, 'experiment.json'), `${JSON.stringify(project.experiment, null, 1)}\n`);
  await writeFile(join(out, 'README.md'), project.readme);
  console.log(`Wrote ${out}/: ${[...EXPORT_FILES, 'experiment.json', 'README.md'].join(', ')}.`);
  console.log(project.summary);
  console.log(`Run: cd ${out} && python train.py --data <site>/public/data/cifar10   (or torchrun --nproc_per_node=N train.py ...)`);
}

main().catch((e: unknown) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
