import { describe, expect, it } from 'vitest';
import { blocksPerStage, describeNetwork, formatCount, layerOfSummaryId, paperDepths, shapeText } from '../../src/viz/network.ts';

describe('describeNetwork', () => {
  it('counts the parameters of every variant in facts.md (checked with PyTorch)', () => {
    expect(describeNetwork({ n: 3, shortcut: 'projection', stemBias: true }).totalParams).toBe(272_490);
    expect(describeNetwork({ n: 3, shortcut: 'zeropad', stemBias: false }).totalParams).toBe(269_722);
    expect(describeNetwork({ n: 3, shortcut: 'none', stemBias: true }).totalParams).toBe(269_738);
    expect(describeNetwork({ n: 9, shortcut: 'none', stemBias: true }).totalParams).toBe(853_034);
    expect(describeNetwork({ n: 9, shortcut: 'projection', stemBias: true }).totalParams).toBe(855_786);
  });

  it('halves the map and doubles the channels at the first block of stages 2 and 3', () => {
    const net = describeNetwork({ n: 3, shortcut: 'projection', stemBias: true });
    const shape = (id: string) => net.rows.find((r) => r.id === id)?.shape;
    expect(shape('stem.conv')).toEqual([32, 32, 16]);
    expect(shape('stage1.block2.conv2')).toEqual([32, 32, 16]);
    expect(shape('stage2.block0.conv1')).toEqual([16, 16, 32]);
    expect(shape('stage3.block0.shortcut')).toEqual([8, 8, 64]);
    expect(shape('pool')).toEqual([1, 1, 64]);
    expect(shape('fc')).toEqual([1, 1, 10]);
  });

  it('matches the tutorial summary row by row where it lists a conv with its BN', () => {
    const net = describeNetwork({ n: 3, shortcut: 'projection', stemBias: true });
    const params = (id: string) => net.rows.find((r) => r.id === id)?.params;
    expect(params('stem.conv')).toBe(448 + 32);
    expect(params('stage2.block0.shortcut')).toBe(512 + 64);
    expect(params('stage2.block0.conv1')).toBe(4608 + 64);
    expect(params('stage3.block2.conv2')).toBe(36_864 + 128);
    expect(params('fc')).toBe(650);
  });

  it('puts projections only where the shape changes, and no skip spans in a plain net', () => {
    const res = describeNetwork({ n: 5, shortcut: 'projection', stemBias: true });
    expect(res.blocks.filter((b) => b.kind === 'projection').map((b) => b.block)).toEqual([5, 10]);
    expect(res.blocks).toHaveLength(15);
    expect(res.depth).toBe(32);
    expect(describeNetwork({ n: 3, shortcut: 'none', stemBias: true }).blocks).toEqual([]);
  });

  it('rejects a bad n or empty widths with the fix in the message', () => {
    expect(() => describeNetwork({ n: 0, shortcut: 'none', stemBias: true })).toThrow(/whole number >= 1/);
    expect(() => describeNetwork({ n: 3, shortcut: 'none', stemBias: true, widths: [] })).toThrow(/at least one stage width/);
  });
});

describe('blocksPerStage', () => {
  it('inverts depth = 6n + 2 for the paper depths', () => {
    expect(paperDepths.map(blocksPerStage)).toEqual([3, 5, 7, 9, 18]);
  });
  it('names the valid depths when given another', () => {
    expect(() => blocksPerStage(21)).toThrow(/20, 32, 44, 56, 110/);
  });
});

describe('formatting', () => {
  it('writes shapes with × and counts with thousands separators', () => {
    expect(shapeText([8, 8, 64])).toBe('8×8×64');
    expect(formatCount(272490)).toBe('272,490');
  });
});

describe('cross-check with the model library summary', () => {
  it('groups the library rows onto the drawn layers with equal shapes and parameter counts at every paper depth', async () => {
    const { summarize, presetConfig } = await import('../../src/core/model/index.ts');
    for (const depth of paperDepths) {
      for (const family of ['resnet', 'plain'] as const) {
        const lib = summarize(presetConfig(`${family}${depth}`));
        const mine = describeNetwork({ n: blocksPerStage(depth), shortcut: family === 'plain' ? 'none' : 'projection', stemBias: true });
        const grouped = new Map<string, number>();
        for (const r of lib.rows) grouped.set(layerOfSummaryId(r.id), (grouped.get(layerOfSummaryId(r.id)) ?? 0) + r.params);
        const drawn = new Map(mine.rows.filter((r) => r.kind !== 'input').map((r) => [r.id, r.params]));
        expect(grouped).toEqual(drawn);
        expect(mine.totalParams).toBe(lib.totalParams);
      }
    }
  });
});
