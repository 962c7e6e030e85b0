/**
 * Settings of the "why it works" labs (layer responses, lesion) as tables that round-trip through the URL, like every
 * lab's (./settings.ts): which nets, how many test images, and for the lesion study the random draws and their seed.
 */
import { choiceSetting, intSetting, type SettingSpec, type SettingsTable } from './settings.ts';
import { LAB_NETS, MY_NET } from './lab-nets.ts';

/** Test-image subsets a run can use (the first N of the 10,000). */
export const IMAGE_CHOICES = [250, 500, 1000, 2000, 5000, 10000] as const;

/** A comma-separated list of lab-net keys (src/core/labs/lab-nets.ts), at least one, no repeats. */
export function labNetsSetting(key: string, label: string, def: readonly string[]): SettingSpec<readonly string[]> {
  const known = [...LAB_NETS.map((n) => n.key), MY_NET.key];
  return {
    key, label, default: def,
    input: { kind: 'custom' },
    parse(raw) {
      const keys = [...new Set(raw.split(',').map((k) => k.trim()).filter(Boolean))];
      const bad = keys.filter((k) => !known.includes(k));
      if (keys.length === 0 || bad.length) return new Error(`"${key}=${raw}": ${label} must be one or more of ${known.join(', ')}; using ${def.join(',')}.`);
      return keys;
    },
    format: (v) => v.join(','),
  };
}

const ALL_NETS = LAB_NETS.map((n) => n.key);

export interface ResponsesSettings {
  readonly nets: readonly string[];
  readonly images: number;
}

export const responsesTable: SettingsTable<ResponsesSettings> = {
  nets: labNetsSetting('nets', 'Networks', ALL_NETS),
  images: choiceSetting('n', 'Test images', 1000, IMAGE_CHOICES),
};

export interface LesionSettings {
  readonly nets: readonly string[];
  readonly images: number;
  readonly draws: number;
  readonly seed: number;
}

export const lesionTable: SettingsTable<LesionSettings> = {
  nets: labNetsSetting('nets', 'Networks', ALL_NETS),
  images: choiceSetting('n', 'Test images per evaluation', 500, IMAGE_CHOICES),
  draws: intSetting('draws', 'Random draws per number of deleted blocks', 3, 1, 20),
  seed: intSetting('seed', 'Seed of the draws', 0, 0, 999999),
};
