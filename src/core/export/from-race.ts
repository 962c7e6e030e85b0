/**
 * The degradation race's settings as PyTorch experiments, one per racing net (core/export/experiment.ts), each with
 * what train.py needs to train that net as the race does: the net's configuration (depth, widths, per-block skips,
 * projection shortcuts, 16 or 32 pixel inputs), the race's optimizer, learning rate, batch and steps, its seeded
 * subset of the split, the 2x2 downsampling, its shuffle stream, validation every `evalEvery` steps from step 0, the
 * read-back cadence of its curves and its end-of-race verdict. The race's nets train in lockstep on the same batches;
 * trained one after the other from the same seed, they see the very same batches.
 */
import type { Experiment } from './experiment.ts';
import { assembleExperiment } from './experiment.ts';
import { readSettings, writeSettings } from '../labs/settings.ts';
import { degradationTable, type DegradationSettings, type NetSpec } from '../labs/degradation-settings.ts';
import { RACE_END_EVAL_BATCH, RACE_READ_EVERY, RACE_VAL_BATCH, raceEndEvalImages, raceModelConfig, raceRecipe } from '../labs/race-config.ts';
import { netLabel } from '../labs/net-label.ts';
import { FORKS } from '../train/forks.ts';

export const RACE_EXPORT_FORMAT = 'resnet-lab-pytorch-race';

/** experiment.json of a race project: the race's settings and link, and one experiment per net, in race order. */
export interface RaceExport {
  readonly format: typeof RACE_EXPORT_FORMAT;
  readonly version: 1;
  /** The query string that reproduces the race on /labs/degradation (every key written). */
  readonly query: string;
  readonly settings: DegradationSettings;
  readonly nets: readonly Experiment[];
}

/** A racing net's folder and --net name: 'plain56', 'resnet56', 'resnet56-20of27' (skips per block). */
export function netSlug(net: NetSpec): string {
  const depth = 6 * net.n + 2;
  if (net.skips === 'none') return `plain${depth}`;
  if (net.skips === 'all') return `resnet${depth}`;
  return `resnet${depth}-${net.skips.filter(Boolean).length}of${net.skips.length}`;
}

/** One slug per net, made unique with -2, -3 ... where a race has the same name twice. */
export function raceSlugs(nets: readonly NetSpec[]): string[] {
  const seen = new Map<string, number>();
  return nets.map((n) => {
    const base = netSlug(n);
    const k = (seen.get(base) ?? 0) + 1;
    seen.set(base, k);
    return k === 1 ? base : `${base}-${k}`;
  });
}

/** The experiment of net `index` of the race. */
export function raceNetExperiment(s: DegradationSettings, index: number, slug = raceSlugs(s.nets)[index]): Experiment {
  const net = s.nets[index];
  if (net === undefined || slug === undefined) throw new Error(`The race has ${s.nets.length} nets; there is no net ${index}.`);
  return assembleExperiment({
    config: raceModelConfig(net, s),
    recipe: raceRecipe(s),
    seed: s.seed,
    train: s.train,
    val: s.val,
    limit: null,
    subset: { fork: FORKS.raceSubset },
    downsample: s.size === 16 ? { factor: 2, rounding: 'half-up' } : null,
    // lib/race/race.ts: BatchStream.fromRng(count, batch, Rng.fromSeed(seed).fork('race-shuffle')).
    stream: { forks: [FORKS.raceShuffle], shuffle: FORKS.raceShuffle, augment: null },
    validation: { counting: 'step', atStart: true },
    validationBatchSize: RACE_VAL_BATCH,
    logEvery: RACE_READ_EVERY,
    endError: { images: raceEndEvalImages(s.train), batchSize: RACE_END_EVAL_BATCH },
    net: { index, label: netLabel(net), slug },
  });
}

/** The race project's experiment.json. */
export function raceExport(s: DegradationSettings): RaceExport {
  const slugs = raceSlugs(s.nets);
  return {
    format: RACE_EXPORT_FORMAT,
    version: 1,
    query: writeSettings(degradationTable, s),
    settings: s,
    nets: s.nets.map((_n, i) => raceNetExperiment(s, i, slugs[i])),
  };
}

/** The project's folder (and .tar) name, e.g. 'race-plain20-plain56-resnet56-16px-w8-250steps-seed1-pytorch'. */
export function raceFolderName(s: DegradationSettings): string {
  const nets = raceSlugs(s.nets).join('-');
  const tail = `${s.size}px-w${s.width}-${s.steps}steps-seed${s.seed}-pytorch`;
  // Tar names hold 100 bytes, the longest file name inside is 16: long mixed nets give way to their count.
  const named = `race-${nets}-${tail}`;
  return named.length <= 80 ? named : `race-${s.nets.length}nets-${tail}`;
}

/** The race's settings from a query string (as the page's address bar holds it); any rejected value is an error. */
export function raceSettingsFromQuery(query: string): DegradationSettings {
  const params = new URLSearchParams(query.replace(/^[^?]*\?/, ''));
  const known = new Set(Object.values(degradationTable).map((spec) => spec.key));
  const unknown = [...params.keys()].filter((k) => !known.has(k));
  if (unknown.length) throw new Error(`The race has no setting ${unknown.map((k) => `"${k}"`).join(', ')}; its keys are ${[...known].join(', ')}.`);
  const { settings, problems } = readSettings(degradationTable, params.toString());
  if (problems.length) throw new Error(problems.map((p) => p.replace(/; using [^;]*\.$/, '.')).join(' '));
  return settings;
}
