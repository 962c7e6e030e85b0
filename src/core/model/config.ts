/**
 * Named presets and validation of ModelConfig. Presets follow the issue: `resnet{20,32,44,56,110}` are the tutorial's
 * conventions (projection shortcuts "option B", biased stem), `-a` swaps in the paper's zero-padding shortcuts
 * ("option A", stem without bias), and `plain{20,...}` drops every shortcut (biased stem).
 */
import type { BnInference, ModelConfig } from './types.ts';

/** Depths of the paper's CIFAR-10 networks (6n+2). */
export const PAPER_DEPTHS = [20, 32, 44, 56, 110] as const;

/** Every preset name, e.g. 'resnet20', 'resnet20-a', 'plain20'. */
export const PRESET_NAMES: readonly string[] = PAPER_DEPTHS.flatMap((d) => [`resnet${d}`, `resnet${d}-a`, `plain${d}`]);

/** Optional overrides for a preset (everything except the architecture family). */
export interface PresetOverrides {
  readonly seed?: number;
  readonly bnInference?: BnInference;
  readonly numClasses?: number;
}

/** Blocks per stage n of a 6n+2 depth; throws for other depths. */
export function blocksForDepth(depth: number): number {
  if (!Number.isInteger(depth) || depth < 8 || (depth - 2) % 6 !== 0) {
    throw new Error(`Depth must be 6n+2 with n >= 1 (8, 14, 20, 32, 44, 56, 110, ...), got ${depth}.`);
  }
  return (depth - 2) / 6;
}

/** Layers counted as the paper counts them (3x3 convs and the fc; 6n+2 for three stages): ResNet-56 -> 56. */
export function modelDepth(c: Pick<ModelConfig, 'widths' | 'blocksPerStage'>): number {
  return 2 * c.widths.length * c.blocksPerStage + 2;
}

/** The network family and depth of a preset name such as 'resnet56-a'; any 6n+2 depth is accepted. */
export function parsePresetName(name: string): { family: 'resnet' | 'resnet-a' | 'plain'; depth: number } {
  const m = /^(resnet|plain)(\d+)(-a)?$/.exec(name);
  if (!m || (m[1] === 'plain' && m[3])) {
    throw new Error(`Unknown model preset '${name}'. Use one of ${PRESET_NAMES.join(', ')} (any 6n+2 depth works).`);
  }
  const depth = Number(m[2]);
  blocksForDepth(depth);
  const family = m[1] === 'plain' ? 'plain' : m[3] ? 'resnet-a' : 'resnet';
  return { family, depth };
}

/** The ModelConfig of a preset name, e.g. presetConfig('resnet20') has 272,490 parameters. */
export function presetConfig(name: string, overrides: PresetOverrides = {}): ModelConfig {
  const { family, depth } = parsePresetName(name);
  const config: ModelConfig = {
    blocksPerStage: blocksForDepth(depth),
    widths: [16, 32, 64],
    skips: family === 'plain' ? 'none' : 'all',
    shortcut: family === 'resnet-a' ? 'zeropad' : 'projection',
    stemBias: family !== 'resnet-a',
    bnInference: overrides.bnInference ?? 'running',
    numClasses: overrides.numClasses ?? 10,
    inputSize: 32,
    inputChannels: 3,
    seed: overrides.seed ?? 0,
  };
  validateConfig(config);
  return config;
}

/**
 * The preset name of a configuration ('resnet20', 'resnet56-a', 'plain56'), or null when it is none of them (other
 * widths, partial skips, another class count). Seed and BN inference mode are not part of a preset and are ignored,
 * and so is the shortcut kind of a net without skips.
 */
export function presetOf(c: ModelConfig): string | null {
  if (typeof c.skips !== 'string' || c.widths.length !== 3 || c.inputSize !== 32 || c.inputChannels !== 3) return null;
  const depth = modelDepth(c);
  const name = c.skips === 'none' ? `plain${depth}` : c.shortcut === 'zeropad' ? `resnet${depth}-a` : `resnet${depth}`;
  const p = presetConfig(name, { seed: c.seed, bnInference: c.bnInference, numClasses: c.numClasses });
  const same = p.blocksPerStage === c.blocksPerStage && p.widths.every((w, i) => w === c.widths[i]) && p.skips === c.skips
    && (c.skips === 'none' || p.shortcut === c.shortcut) && p.stemBias === c.stemBias && p.numClasses === 10;
  return same ? name : null;
}

const positiveInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** Throws a message naming the field and the fix when a configuration cannot be built. */
export function validateConfig(c: ModelConfig): void {
  const fail = (msg: string): never => {
    throw new Error(`Invalid model configuration: ${msg}`);
  };
  if (!positiveInt(c.blocksPerStage)) fail(`blocksPerStage must be a positive integer, got ${c.blocksPerStage}.`);
  if (!Array.isArray(c.widths) || c.widths.length === 0 || !c.widths.every(positiveInt)) {
    fail(`widths must be a non-empty list of positive integers (e.g. [16, 32, 64]), got ${JSON.stringify(c.widths)}.`);
  }
  const blocks = c.blocksPerStage * c.widths.length;
  if (Array.isArray(c.skips)) {
    if (c.skips.length !== blocks || !c.skips.every((s) => typeof s === 'boolean')) {
      fail(`skips must be 'all', 'none' or ${blocks} booleans (one per block), got ${JSON.stringify(c.skips)}.`);
    }
  } else if (c.skips !== 'all' && c.skips !== 'none') {
    fail(`skips must be 'all', 'none' or one boolean per block, got ${JSON.stringify(c.skips)}.`);
  }
  if (c.shortcut !== 'projection' && c.shortcut !== 'zeropad') fail(`shortcut must be 'projection' or 'zeropad', got '${c.shortcut}'.`);
  if (c.shortcut === 'zeropad' && c.widths.some((w, i) => i > 0 && w < c.widths[i - 1]!)) {
    fail(`zero-padding shortcuts cannot shrink channels; widths must not decrease, got ${JSON.stringify(c.widths)}. Use shortcut 'projection'.`);
  }
  if (typeof c.stemBias !== 'boolean') fail(`stemBias must be true or false, got ${c.stemBias}.`);
  if (c.bnInference !== 'running' && c.bnInference !== 'batch') fail(`bnInference must be 'running' or 'batch', got '${c.bnInference}'.`);
  if (!positiveInt(c.numClasses)) fail(`numClasses must be a positive integer, got ${c.numClasses}.`);
  if (!positiveInt(c.inputChannels)) fail(`inputChannels must be a positive integer, got ${c.inputChannels}.`);
  const reduction = 2 ** (c.widths.length - 1);
  if (!positiveInt(c.inputSize) || c.inputSize % reduction !== 0) {
    fail(`inputSize must be a positive multiple of ${reduction} (each stage after the first halves it), got ${c.inputSize}.`);
  }
  if (!Number.isFinite(c.seed)) fail(`seed must be a finite number, got ${c.seed}.`);
}

/** Whether block i (global index) adds a skip connection. */
export function hasSkip(c: ModelConfig, blockIndex: number): boolean {
  if (c.skips === 'all') return true;
  if (c.skips === 'none') return false;
  return c.skips[blockIndex] === true;
}
