/**
 * A ModelConfig from string options (command-line flags, URL parameters): a preset, optionally changed by depth,
 * widths, shortcut kind, skips, stem bias and classes. Every bad value gets a message naming the option and the fix.
 */
import { parsePresetName, presetConfig, presetOf, validateConfig } from './config.ts';
import type { ModelConfig } from './types.ts';

export interface ModelOptions {
  /** Preset name, e.g. 'resnet20', 'resnet56-a', 'plain32' (default 'resnet20'). */
  readonly model?: string;
  /** Depth 6n+2, replacing the preset's. */
  readonly depth?: string;
  /** Comma-separated stage widths, e.g. '16,32,64'. */
  readonly widths?: string;
  /** 'projection' (option B) or 'zeropad' (option A). */
  readonly shortcut?: string;
  /** 'all', 'none', or one 0/1 per block, e.g. '1,1,0,1,1,1,1,1,1'. */
  readonly skips?: string;
  /** 'true' or 'false'. */
  readonly stemBias?: string;
  readonly classes?: string;
  readonly seed?: string;
}

function integer(name: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n)) throw new Error(`--${name} must be an integer, got "${v}".`);
  return n;
}

function skipsOf(v: string): ModelConfig['skips'] {
  if (v === 'all' || v === 'none') return v;
  const parts = v.split(',').map((s) => s.trim());
  if (!parts.every((p) => p === '0' || p === '1')) throw new Error(`--skips must be all, none, or 0/1 per block separated by commas, got "${v}".`);
  return parts.map((p) => p === '1');
}

/** The configuration the options describe; unknown presets, bad numbers and impossible combinations throw. */
export function configFromOptions(o: ModelOptions): ModelConfig {
  const name = o.model ?? 'resnet20';
  let config = presetConfig(name);
  if (o.depth !== undefined) {
    const { family } = parsePresetName(name);
    config = presetConfig(`${family === 'plain' ? 'plain' : 'resnet'}${integer('depth', o.depth)}${family === 'resnet-a' ? '-a' : ''}`);
  }
  const patch: { -readonly [K in keyof ModelConfig]?: ModelConfig[K] } = {};
  if (o.widths !== undefined) patch.widths = o.widths.split(',').map((w) => integer('widths', w));
  if (o.shortcut !== undefined) {
    if (o.shortcut !== 'projection' && o.shortcut !== 'zeropad') throw new Error(`--shortcut must be projection (option B) or zeropad (option A), got "${o.shortcut}".`);
    patch.shortcut = o.shortcut;
  }
  if (o.skips !== undefined) patch.skips = skipsOf(o.skips);
  if (o.stemBias !== undefined) {
    if (o.stemBias !== 'true' && o.stemBias !== 'false') throw new Error(`--stem-bias must be true or false, got "${o.stemBias}".`);
    patch.stemBias = o.stemBias === 'true';
  }
  if (o.classes !== undefined) patch.numClasses = integer('classes', o.classes);
  if (o.seed !== undefined) patch.seed = integer('seed', o.seed);
  config = { ...config, ...patch };
  validateConfig(config);
  return config;
}

/** A short name for a configuration: the preset's when it is one, else a description. */
export function describeConfig(c: ModelConfig): string {
  const preset = presetOf(c);
  if (preset !== null) return preset;
  const depth = 6 * c.blocksPerStage + 2;
  const name = c.skips === 'none' ? `plain${depth}` : c.shortcut === 'zeropad' ? `resnet${depth}-a` : `resnet${depth}`;
  return `${name} (custom: widths ${c.widths.join('/')}, skips ${Array.isArray(c.skips) ? c.skips.map(Number).join('') : c.skips}, stem bias ${c.stemBias}, ${c.numClasses} classes)`;
}
