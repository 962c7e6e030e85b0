import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, countParams, formatSummary, paramSpecs, planBlocks, presetConfig, summarize, torchKey, validateConfig, type ModelConfig } from '../../../src/core/model/index.ts';

/** The torchsummary table printed in the tutorial (copied from its text): [kind, [C, H, W] or [K], params] per row. */
function tutorialTable(): Array<[string, number[], number]> {
  const text = readFileSync(new URL('./fixtures/tutorial-summary.txt', import.meta.url), 'utf8');
  const rows: Array<[string, number[], number]> = [];
  for (const m of text.matchAll(/^(\w+)-\d+\s+\[-1, ([\d, ]+)\]\s+([\d,]+)$/gm)) {
    rows.push([m[1]!, m[2]!.split(',').map(Number), Number(m[3]!.replace(/,/g, ''))]);
  }
  return rows;
}

describe('parameter counts of the presets (facts.md, checked with PyTorch)', () => {
  it.each([
    ['resnet20', 272_490], ['resnet20-a', 269_722], ['plain20', 269_738], ['plain56', 853_034], ['resnet56', 855_786],
  ])('%s has %i parameters', (name, count) => {
    expect(summarize(presetConfig(name)).totalParams).toBe(count);
    expect(countParams(presetConfig(name))).toBe(count);
  });

  it('every preset name builds, for all paper depths and families', () => {
    expect(PRESET_NAMES).toHaveLength(15);
    for (const name of PRESET_NAMES) expect(() => presetConfig(name)).not.toThrow();
    expect(presetConfig('resnet110').blocksPerStage).toBe(18);
  });

  it('rejects unknown presets and depths that are not 6n+2 with a message that lists the valid names', () => {
    expect(() => presetConfig('resnet18')).toThrow(/6n\+2/);
    expect(() => presetConfig('vgg16')).toThrow(/Unknown model preset 'vgg16'.*resnet20-a/);
    expect(() => presetConfig('plain20-a')).toThrow(/Unknown model preset/);
  });
});

describe('summary', () => {
  it("reproduces the tutorial's torchsummary table row for row (kinds, shapes, parameters)", () => {
    const ours = summarize(presetConfig('resnet20')).rows
      .filter((r) => r.kind !== 'Add')
      .map((r) => {
        const [h, w, c] = r.outputShape;
        const shape = r.outputShape.length === 3 ? [c!, h!, w!] : [...r.outputShape];
        return [r.kind === 'Block' ? 'block' : r.kind, shape, r.params];
      });
    const theirs = tutorialTable();
    expect(theirs).toHaveLength(72);
    expect(ours).toEqual(theirs);
  });

  it('prints a table with the total', () => {
    const text = formatSummary(summarize(presetConfig('resnet20')));
    expect(text).toContain('Total params: 272,490');
    expect(text).toMatch(/stage2\.block0\.shortcut\.conv\s+Conv2d\s+\[-1, 16, 16, 32\]\s+512/);
  });

  it('lists a zero-padding shortcut with no parameters for option A', () => {
    const rows = summarize(presetConfig('resnet20-a')).rows;
    expect(rows.filter((r) => r.kind === 'ZeroPadShortcut').map((r) => r.id)).toEqual(['stage2.block0.shortcut', 'stage3.block0.shortcut']);
    expect(rows.every((r) => !r.id.includes('shortcut.conv'))).toBe(true);
  });
});

describe('block plan', () => {
  it('places a shortcut exactly where stride or width changes', () => {
    const plans = planBlocks(presetConfig('resnet56'));
    for (const p of plans) {
      const changes = p.stride !== 1 || p.inChannels !== p.outChannels;
      expect(p.shortcut).toBe(changes ? 'projection' : 'identity');
    }
    expect(plans.filter((p) => p.shortcut === 'projection').map((p) => p.id)).toEqual(['stage2.block0', 'stage3.block0']);
  });

  it('gives per-stage output sizes 32/16/8 and widths 16/32/64', () => {
    const plans = planBlocks(presetConfig('plain20'));
    expect(plans.map((p) => [p.outSize, p.outChannels, p.shortcut])).toEqual([
      [32, 16, 'none'], [32, 16, 'none'], [32, 16, 'none'],
      [16, 32, 'none'], [16, 32, 'none'], [16, 32, 'none'],
      [8, 64, 'none'], [8, 64, 'none'], [8, 64, 'none'],
    ]);
  });

  it('honours a per-block skip list (a lab toggling single skips)', () => {
    const skips = [true, false, true, false, true, true, true, true, false];
    const plans = planBlocks({ ...presetConfig('resnet20'), skips });
    expect(plans.map((p) => p.shortcut !== 'none')).toEqual(skips);
    expect(plans[3]!.shortcut).toBe('none');
  });
});

describe('naming and PyTorch keys', () => {
  it('maps ids to the reference state-dict keys', () => {
    expect(torchKey('stem.conv.weight', 3)).toBe('stem.0.weight');
    expect(torchKey('stem.bn.gamma', 3)).toBe('stem.1.weight');
    expect(torchKey('stage2.block0.conv1.weight', 3)).toBe('body.3.c1.weight');
    expect(torchKey('stage3.block2.bn2.running_var', 3)).toBe('body.8.b2.running_var');
    expect(torchKey('stage2.block0.shortcut.bn.beta', 3)).toBe('body.3.proj.1.bias');
    expect(torchKey('stage3.block0.shortcut.conv.weight', 9)).toBe('body.18.proj.0.weight');
    expect(() => torchKey('stage1.block0.conv3.weight', 3)).toThrow(/unknown layer/);
  });

  it('has the same key set and PyTorch shapes as the reference ResNet-20 file', () => {
    const bytes = readFileSync('public/models/resnet20_sgd30.safetensors');
    const n = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<string, { shape: number[] }>;
    const ours = Object.fromEntries(paramSpecs(presetConfig('resnet20')).map((s) => [s.torchKey, s.torchShape]));
    expect(ours).toEqual(Object.fromEntries(Object.entries(header).map(([k, v]) => [k, v.shape])));
  });
});

describe('configuration validation', () => {
  const base = presetConfig('resnet20');
  it.each<[Partial<ModelConfig>, RegExp]>([
    [{ blocksPerStage: 0 }, /blocksPerStage/],
    [{ widths: [] }, /widths/],
    [{ skips: [true, false] }, /9 booleans/],
    [{ shortcut: 'zeropad', widths: [32, 16, 64] }, /cannot shrink channels/],
    [{ inputSize: 30 }, /multiple of 4/],
    [{ bnInference: 'mean' as 'batch' }, /bnInference/],
  ])('rejects %o with a clear message', (patch, message) => {
    expect(() => validateConfig({ ...base, ...patch })).toThrow(message);
  });
});
