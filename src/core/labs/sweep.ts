/**
 * The depth sweep (the paper's Figure 6 as one picture): plain and residual nets of several depths trained in turn
 * with the race's settings, then final training error against depth for both families. Its one setting of its own,
 * the depths, round-trips through the URL beside the race's settings.
 */
import { type SettingSpec, type SettingsTable } from './settings.ts';
import { type NetSpec } from './degradation-settings.ts';
import { PAPER_CIFAR10_ERROR } from '../results.ts';

export interface SweepSettings {
  /** Depths 6n+2 (n = 1..18), each trained plain and residual. */
  readonly depths: readonly number[];
}

/** A comma-separated list of 2 to 6 depths of the form 6n+2 (8..110), in increasing order. */
function depthsSetting(key: string, label: string, def: readonly number[]): SettingSpec<readonly number[]> {
  return {
    key, label, default: def,
    input: { kind: 'custom' },
    parse(raw) {
      const parts = raw.split(',').map((p) => p.trim()).filter((p) => p !== '');
      const fix = `write e.g. ${def.join(',')}`;
      if (parts.length < 2 || parts.length > 6) return new Error(`"${key}=${raw}": a sweep takes 2 to 6 depths; ${fix}.`);
      const depths = parts.map(Number);
      const bad = depths.find((d) => !Number.isInteger(d) || d < 8 || d > 110 || (d - 2) % 6 !== 0);
      if (bad !== undefined) return new Error(`"${key}=${raw}": depth ${parts[depths.indexOf(bad)]} is not 6n+2 with n from 1 to 18 (8, 14, 20, ... 110); ${fix}.`);
      if (depths.some((d, i) => i > 0 && d <= depths[i - 1]!)) return new Error(`"${key}=${raw}": list the depths once each, smallest first; ${fix}.`);
      return depths;
    },
    format: (v) => v.join(','),
  };
}

/** The paper's CIFAR-10 depths (Figure 6: plain-20 ... plain-56, ResNet-20 ... ResNet-110). */
export const sweepTable: SettingsTable<SweepSettings> = {
  depths: depthsSetting('sweep', 'Depths of the sweep', [20, 32, 44, 56, 110]),
};

/** The sweep's nets in training order: for each depth, plain then residual. */
export function sweepNets(s: SweepSettings): NetSpec[] {
  return s.depths.flatMap((d) => {
    const n = (d - 2) / 6;
    return [{ n, skips: 'none' as const }, { n, skips: 'all' as const }];
  });
}

/** What the paper found (He et al. 2016, Fig. 6 and Table 6), beside the sweep's chart. */
export const PAPER_SWEEP_FINDING = 'In the paper (Figure 6), the training error of plain nets rises with depth, from '
  + 'plain-20 to plain-56, while ResNets get better as they get deeper, up to ResNet-110 (test error '
  + `${PAPER_CIFAR10_ERROR[20]}% for ResNet-20, ${PAPER_CIFAR10_ERROR[110]}% for ResNet-110, Table 6), after 64,000 steps on a GPU.`;
