/**
 * The labs' settings as one declarative table per lab that round-trips through the URL, seed included (the idea of
 * TensorFlow Playground's state.ts): a teacher's link reproduces the experiment. Pure functions, no DOM.
 */
import { GRID_SIZES } from './landscape-grid.ts';
import { pairedDepths } from './reference-models.ts';
import { PAPER_DEPTHS } from '../model/config.ts';

/** One network in the degradation race: n blocks per stage (depth 6n+2) and which blocks carry a skip connection. */
export interface NetSpec {
  readonly n: number;
  /** 'none' = plain, 'all' = residual, or one flag per block (3n of them, global block order). */
  readonly skips: 'none' | 'all' | readonly boolean[];
}

/** How one setting is read from and written to the URL. */
export interface SettingSpec<T> {
  /** URL query key. */
  readonly key: string;
  readonly label: string;
  readonly default: T;
  /** The value, or an Error whose message names the problem and the fix. */
  parse(raw: string): T | Error;
  format(value: T): string;
  /** How a form offers it: a number field with bounds, a list of choices, or custom (the lab draws its own control). */
  readonly input: { readonly kind: 'number'; readonly min: number; readonly max: number; readonly step: number | 'any' }
    | { readonly kind: 'choice'; readonly options: readonly string[] }
    | { readonly kind: 'custom' };
}

/** A lab's settings table: field name -> spec. */
export type SettingsTable<S> = { readonly [K in keyof S]: SettingSpec<S[K]> };

/** Integer in [min, max]. */
export function intSetting(key: string, label: string, def: number, min: number, max: number): SettingSpec<number> {
  return {
    key, label, default: def,
    input: { kind: 'number', min, max, step: 1 },
    parse(raw) {
      const v = Number(raw);
      if (!Number.isInteger(v) || v < min || v > max) {
        return new Error(`"${key}=${raw}": ${label} must be a whole number from ${min} to ${max}; using ${def}.`);
      }
      return v;
    },
    format: (v) => String(v),
  };
}

/** Positive real number in [min, max]. */
export function numberSetting(key: string, label: string, def: number, min: number, max: number): SettingSpec<number> {
  return {
    key, label, default: def,
    input: { kind: 'number', min, max, step: 'any' },
    parse(raw) {
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(v) || v < min || v > max) {
        return new Error(`"${key}=${raw}": ${label} must be a number from ${min} to ${max}; using ${def}.`);
      }
      return v;
    },
    format: (v) => String(Number(v.toPrecision(6))),
  };
}

/** One of a fixed list of strings or numbers. */
export function choiceSetting<T extends string | number>(key: string, label: string, def: T, options: readonly T[]): SettingSpec<T> {
  return {
    key, label, default: def,
    input: { kind: 'choice', options: options.map(String) },
    parse(raw) {
      const hit = options.find((o) => String(o) === raw);
      return hit ?? new Error(`"${key}=${raw}": ${label} must be one of ${options.join(', ')}; using ${def}.`);
    },
    format: (v) => String(v),
  };
}

/** A net as text: `<n>p` plain, `<n>r` residual, `<n>m<bits>` mixed with one 0/1 per block. */
export function formatNet(net: NetSpec): string {
  if (net.skips === 'none') return `${net.n}p`;
  if (net.skips === 'all') return `${net.n}r`;
  return `${net.n}m${net.skips.map((s) => (s ? '1' : '0')).join('')}`;
}

/** Parses `formatNet`'s text; mixed masks that are all 0 or all 1 collapse to 'none'/'all' so equal nets format equally. */
export function parseNet(text: string): NetSpec | Error {
  const m = /^(\d{1,2})(p|r|m([01]+))$/.exec(text.trim());
  const fix = 'write e.g. 3p (plain-20), 9r (ResNet-56) or 1m101 (ResNet-8 with block 2 plain)';
  if (!m) return new Error(`Network "${text}" is not understood: ${fix}.`);
  const n = Number(m[1]);
  if (n < 1 || n > 18) return new Error(`Network "${text}": n must be 1..18 (depth 8..110).`);
  if (m[2] === 'p') return { n, skips: 'none' };
  if (m[2] === 'r') return { n, skips: 'all' };
  const bits = m[3] ?? '';
  if (bits.length !== 3 * n) return new Error(`Network "${text}": a net with n=${n} has ${3 * n} blocks, so ${3 * n} skip bits; ${fix}.`);
  const skips = [...bits].map((b) => b === '1');
  if (skips.every((s) => s)) return { n, skips: 'all' };
  if (skips.every((s) => !s)) return { n, skips: 'none' };
  return { n, skips };
}

/** A comma-separated list of 1 to 4 nets. */
export function netsSetting(key: string, label: string, def: readonly NetSpec[]): SettingSpec<readonly NetSpec[]> {
  return {
    key, label, default: def,
    input: { kind: 'custom' },
    parse(raw) {
      const parts = raw.split(',').filter((p) => p.trim() !== '');
      if (parts.length < 1 || parts.length > 4) return new Error(`"${key}=${raw}": race 1 to 4 networks, separated by commas.`);
      const nets: NetSpec[] = [];
      for (const p of parts) {
        const net = parseNet(p);
        if (net instanceof Error) return net;
        nets.push(net);
      }
      return nets;
    },
    format: (v) => v.map(formatNet).join(','),
  };
}

/** Settings read from a query string, with one message per value that was rejected (its default is used instead). */
export interface ReadResult<S> {
  readonly settings: S;
  readonly problems: readonly string[];
}

/** Reads every setting of `table` from `search` (e.g. location.search); missing keys take their default. */
export function readSettings<S>(table: SettingsTable<S>, search: string): ReadResult<S> {
  const params = new URLSearchParams(search);
  const out: Partial<S> = {};
  const problems: string[] = [];
  for (const field of Object.keys(table) as (keyof S)[]) {
    const spec = table[field];
    const raw = params.get(spec.key);
    if (raw === null) {
      out[field] = spec.default;
      continue;
    }
    const v = spec.parse(raw);
    if (v instanceof Error) {
      problems.push(v.message);
      out[field] = spec.default;
    } else {
      out[field] = v;
    }
  }
  return { settings: out as S, problems };
}

/** Every setting of `table` at its default (what a link without a query string runs). */
export function defaultsOf<S>(table: SettingsTable<S>): S {
  return readSettings(table, '').settings;
}

/** The query string (without '?') that reproduces `settings`; every key is written so links survive default changes. */
export function writeSettings<S>(table: SettingsTable<S>, settings: S): string {
  const params = new URLSearchParams();
  for (const field of Object.keys(table) as (keyof S)[]) {
    const spec = table[field];
    params.set(spec.key, spec.format(settings[field]));
  }
  // Commas in the nets list are safe in a query; keeping them literal makes links readable.
  return params.toString().replace(/%2C/g, ',');
}

/** The degradation race: which nets, on how much of CIFAR-10, at what size, for how many steps. */
export interface DegradationSettings {
  readonly seed: number;
  readonly nets: readonly NetSpec[];
  /** Width of the first stage; the stages have width, 2*width, 4*width channels (the paper: 16). */
  readonly width: number;
  /** Input side in pixels: 32 = CIFAR-10 as is, 16 = downsampled 2x2 (4x fewer pixels to convolve). */
  readonly size: 16 | 32;
  /** Training images drawn from the 45,000 of the split (the same ones for every net). */
  readonly train: number;
  /** Validation images drawn from the 5,000 held out. */
  readonly val: number;
  readonly batch: number;
  readonly opt: 'sgd' | 'adam';
  readonly lr: number;
  /** Optimisation steps per net; nets step in lockstep on the same batches, so a link reproduces the race exactly. */
  readonly steps: number;
  /** Validation accuracy is measured every this many steps. */
  readonly evalEvery: number;
}

export const degradationTable: SettingsTable<DegradationSettings> = {
  seed: intSetting('seed', 'Seed', 1, 0, 2 ** 31 - 1),
  nets: netsSetting('nets', 'Networks', [{ n: 3, skips: 'none' }, { n: 9, skips: 'none' }, { n: 9, skips: 'all' }]),
  width: intSetting('width', 'Width of the first stage', 8, 2, 32),
  size: choiceSetting('size', 'Input size', 16, [16, 32] as const),
  train: intSetting('train', 'Training images', 300, 256, 45000),
  val: intSetting('val', 'Validation images', 250, 100, 5000),
  batch: intSetting('batch', 'Batch size', 32, 8, 256),
  opt: choiceSetting('opt', 'Optimiser', 'adam', ['adam', 'sgd'] as const),
  lr: numberSetting('lr', 'Learning rate', 0.003, 1e-5, 1),
  steps: intSetting('steps', 'Steps per network', 100, 5, 5000),
  evalEvery: intSetting('every', 'Validate every (steps)', 50, 1, 1000),
};

/** Channels of a racing net's three stages: the first stage's width, doubled at each downsampling (the paper: 16/32/64). */
export function raceWidths(width: number): [number, number, number] {
  return [width, 2 * width, 4 * width];
}

/** About how many passes over its training subset a race makes: steps x batch / training images, rounded. */
export function racePasses(s: Pick<DegradationSettings, 'steps' | 'batch' | 'train'>): number {
  return Math.round((s.steps * s.batch) / s.train);
}

/** The block stepper: which test image, which network, which block and which stage of it. */
export interface StepperSettings {
  /** Index into the 10,000 CIFAR-10 test images. */
  readonly img: number;
  readonly net: 'resnet20' | 'plain20' | 'mine';
  /** Global block index 0..8 of a 20-layer net (stage = block div 3). */
  readonly block: number;
  /** Index into the stages of a block: x, conv1, bn1, relu1, conv2, bn2, shortcut, sum, out. */
  readonly stage: number;
  /** 'on': the same block and stage of the other trained net (plain-20 beside ResNet-20) is shown alongside. */
  readonly compare: 'on' | 'off';
}

export const stepperTable: SettingsTable<StepperSettings> = {
  img: intSetting('img', 'Test image', 0, 0, 9999),
  net: choiceSetting('net', 'Network', 'resnet20', ['resnet20', 'plain20', 'mine'] as const),
  // Any depth: the stepper clamps to the loaded net's blocks (ResNet-1202 has 600).
  block: intSetting('block', 'Block', 3, 0, 599),
  stage: intSetting('stage', 'Stage', 0, 0, 8),
  compare: choiceSetting('compare', 'Compare with the other net', 'off', ['off', 'on'] as const),
};

/** Full ResNet-20 training: the tutorial's Adam recipe or the paper's SGD recipe. */
export interface TrainSettings {
  readonly recipe: 'adam' | 'sgd';
  readonly seed: number;
  readonly epochs: number;
  readonly batch: number;
  /** Training images used from the 45,000 (all by default; fewer for a quick look). */
  readonly train: number;
  /** Early stopping (Adam recipe): stop after this many validation checks without improvement (the tutorial: 5). */
  readonly patience: number;
  /** Test images for the final evaluation (all 10,000 by default). */
  readonly test: number;
  /** 'auto': WebGL on a real GPU, WASM where WebGL would be software-rendered. */
  readonly backend: 'auto' | 'webgl' | 'wasm' | 'cpu';
}

export const trainTable: SettingsTable<TrainSettings> = {
  recipe: choiceSetting('recipe', 'Recipe', 'adam', ['adam', 'sgd'] as const),
  seed: intSetting('seed', 'Seed', 1, 0, 2 ** 31 - 1),
  epochs: intSetting('epochs', 'Epochs at most', 50, 1, 200),
  batch: intSetting('batch', 'Batch size', 128, 8, 512),
  train: intSetting('train', 'Training images', 45000, 128, 45000),
  patience: intSetting('patience', 'Early-stopping patience (checks)', 5, 0, 100),
  test: intSetting('test', 'Test images for the final evaluation', 10000, 100, 10000),
  backend: choiceSetting('backend', 'Backend', 'auto', ['auto', 'webgl', 'wasm', 'cpu'] as const),
};

/** The gradient-flow lab: plain-d against ResNet-d at their seeded initialisation (and trained, where the table has both). */
export interface GradientFlowSettings {
  readonly depth: 20 | 32 | 44 | 56 | 110;
  /** Seed of the initialisation. */
  readonly seed: number;
  /** Training images in the one batch the gradients are taken on (the first ones, no augmentation). */
  readonly images: number;
}

export const gradientFlowTable: SettingsTable<GradientFlowSettings> = {
  depth: choiceSetting('depth', 'Depth (6n+2)', 56, PAPER_DEPTHS),
  seed: intSetting('seed', 'Seed of the initialisation', 1, 0, 2 ** 31 - 1),
  // 64 keeps ResNet-110's backward pass inside WebAssembly's memory (128 images exhaust it).
  images: intSetting('images', 'Images in the batch', 64, 4, 64),
};

/** The landscape lab: a 2-D slice of the training loss around the trained plain net and ResNet of one depth. */
export interface LandscapeSettings {
  readonly depth: number;
  /** Seed of the two random directions. */
  readonly seed: number;
  /** Grid points per side. */
  readonly size: (typeof GRID_SIZES)[number];
  /** The slice covers [-span, span]^2 in units of the filter-normalised directions. */
  readonly span: number;
  /** Training images the loss averages over (the first ones, no augmentation). */
  readonly images: number;
}

export const landscapeTable: SettingsTable<LandscapeSettings> = {
  depth: choiceSetting('depth', 'Depth', pairedDepths()[0] ?? 20, pairedDepths()),
  seed: intSetting('seed', 'Seed of the directions', 1, 0, 2 ** 31 - 1),
  size: choiceSetting('grid', 'Grid points per side', 17, GRID_SIZES),
  span: numberSetting('span', 'Half-width of the slice', 1, 0.05, 4),
  images: intSetting('images', 'Training images', 64, 8, 1024),
};

/** The lab pages, and the chapter (src/core/chapters.ts href) from which each should be linked. */
export const labPages: readonly { readonly href: string; readonly title: string; readonly fromChapter: string }[] = [
  { href: '/labs/degradation', title: 'Lab: plain vs residual, side by side', fromChapter: '/motivation' },
  { href: '/labs/block-stepper', title: 'Lab: a block, step by step', fromChapter: '/architecture' },
  { href: '/labs/train', title: 'Lab: train ResNet-20 on CIFAR-10', fromChapter: '/training' },
  { href: '/labs/layer-responses', title: 'Lab: how much each layer responds (Figure 7)', fromChapter: '/why-it-works' },
  { href: '/labs/lesion', title: 'Lab: delete blocks from a trained net', fromChapter: '/why-it-works' },
  { href: '/labs/gradient-flow', title: 'Lab: gradients through depth', fromChapter: '/why-it-works' },
  { href: '/labs/landscape', title: 'Lab: the loss landscape around a trained net', fromChapter: '/why-it-works' },
];

/** `search` (a query string, '?' optional) with every key of the `queries` set to their values; commas kept literal. */
export function mergeQuery(search: string, ...queries: readonly string[]): string {
  const params = new URLSearchParams(search);
  for (const q of queries) for (const [k, v] of new URLSearchParams(q)) params.set(k, v);
  return params.toString().replace(/%2C/g, ',');
}
