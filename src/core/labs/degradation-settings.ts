/**
 * The degradation race's settings: the nets as URL text ('3p,9p,9r'), the race's table (its defaults are the lab's
 * default race) and what follows from it (widths, passes over the subset). Pure functions, no DOM.
 */
import { intSetting, numberSetting, choiceSetting, type SettingSpec, type SettingsTable } from './settings.ts';

/** One network in the degradation race: n blocks per stage (depth 6n+2) and which blocks carry a skip connection. */
export interface NetSpec {
  readonly n: number;
  /** 'none' = plain, 'all' = residual, or one flag per block (3n of them, global block order). */
  readonly skips: 'none' | 'all' | readonly boolean[];
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
