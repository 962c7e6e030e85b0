import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, presetConfig, presetOf } from '../../../src/core/model/index.ts';

describe('presetOf', () => {
  it('names every preset from its configuration, whatever the seed and BN mode', () => {
    for (const name of PRESET_NAMES) {
      expect(presetOf(presetConfig(name))).toBe(name);
      expect(presetOf(presetConfig(name, { seed: 7, bnInference: 'batch' }))).toBe(name);
    }
  });

  it('gives null for configurations no preset describes', () => {
    const r20 = presetConfig('resnet20');
    expect(presetOf({ ...r20, widths: [8, 16, 32] })).toBeNull();
    expect(presetOf({ ...r20, skips: [true, false, true, true, true, true, true, true, true] })).toBeNull();
    expect(presetOf({ ...r20, numClasses: 100 })).toBeNull();
    expect(presetOf({ ...r20, stemBias: false })).toBeNull();
    expect(presetOf({ ...r20, inputSize: 16 })).toBeNull();
    expect(presetOf({ ...presetConfig('resnet20-a'), stemBias: true })).toBeNull();
  });
});
