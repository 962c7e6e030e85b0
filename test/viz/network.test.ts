import { describe, expect, it } from 'vitest';
import { PAPER_DEPTHS, presetConfig, summarize } from '../../src/core/model/index.ts';
import { describeNetwork, formatCount, layerOfSummaryId, shapeText } from '../../src/viz/network.ts';

const net = (name: string) => describeNetwork(presetConfig(name));

describe('describeNetwork', () => {
  it('counts the parameters of every variant in facts.md (checked with PyTorch)', () => {
    expect(net('resnet20').totalParams).toBe(272_490);
    expect(net('resnet20-a').totalParams).toBe(269_722);
    expect(net('plain20').totalParams).toBe(269_738);
    expect(net('plain56').totalParams).toBe(853_034);
    expect(net('resnet56').totalParams).toBe(855_786);
  });

  it('halves the map and doubles the channels at the first block of stages 2 and 3', () => {
    const shape = (id: string) => net('resnet20').rows.find((r) => r.id === id)?.shape;
    expect(shape('input')).toEqual([32, 32, 3]);
    expect(shape('stem.conv')).toEqual([32, 32, 16]);
    expect(shape('stage1.block2.conv2')).toEqual([32, 32, 16]);
    expect(shape('stage2.block0.conv1')).toEqual([16, 16, 32]);
    expect(shape('stage3.block0.shortcut')).toEqual([8, 8, 64]);
    expect(shape('pool')).toEqual([1, 1, 64]);
    expect(shape('fc')).toEqual([1, 1, 10]);
  });

  it('matches the tutorial summary row by row where it lists a conv with its BN', () => {
    const params = (id: string) => net('resnet20').rows.find((r) => r.id === id)?.params;
    expect(params('stem.conv')).toBe(448 + 32);
    expect(params('stage2.block0.shortcut')).toBe(512 + 64);
    expect(params('stage2.block0.conv1')).toBe(4608 + 64);
    expect(params('stage3.block2.conv2')).toBe(36_864 + 128);
    expect(params('fc')).toBe(650);
  });

  it('labels strided convs and projections, and names the pool by its map', () => {
    const label = (id: string) => net('resnet20').rows.find((r) => r.id === id)?.label;
    expect(label('stage2.block0.conv1')).toBe('3×3 conv, 32, stride 2');
    expect(label('stage2.block0.shortcut')).toBe('1×1 conv, 32, stride 2 (projection)');
    expect(label('pool')).toBe('global average pool 8×8');
  });

  it('puts projections only where the shape changes, zero-padding arcs in option A, no skip spans in a plain net', () => {
    const res = net('resnet32');
    expect(res.blocks.filter((b) => b.kind === 'projection').map((b) => b.block)).toEqual([5, 10]);
    expect(res.blocks).toHaveLength(15);
    expect(res.depth).toBe(32);
    expect(net('resnet20-a').blocks.filter((b) => b.kind === 'zeropad').map((b) => b.block)).toEqual([3, 6]);
    expect(net('resnet20-a').rows.some((r) => r.kind === 'projection')).toBe(false);
    expect(net('plain20').blocks).toEqual([]);
  });

  it('starts each skip arc at the row before its block, past a projection', () => {
    const res = net('resnet20');
    const span = res.blocks.find((b) => b.block === 4);
    expect(res.rows[span!.from]?.id).toBe('stage2.block0.conv2');
    expect(res.rows[span!.to]?.id).toBe('stage2.block1.conv2');
  });

  it('follows a mixed skip list block by block', () => {
    const skips = [true, false, true, false, true, true, true, true, false];
    const mixed = describeNetwork({ ...presetConfig('resnet20'), skips });
    expect(mixed.blocks.map((b) => b.block)).toEqual([0, 2, 4, 5, 6, 7]);
  });
});

describe('cross-check with the model library summary', () => {
  it('draws every summary row onto a drawn layer and keeps the total at every paper depth', () => {
    for (const depth of PAPER_DEPTHS) {
      for (const name of [`resnet${depth}`, `plain${depth}`, `resnet${depth}-a`]) {
        const lib = summarize(presetConfig(name));
        const drawn = describeNetwork(presetConfig(name));
        const ids = new Set(drawn.rows.map((r) => r.id));
        expect(lib.rows.filter((r) => !ids.has(layerOfSummaryId(r.id))).map((r) => r.id)).toEqual([]);
        expect(drawn.rows.reduce((s, r) => s + r.params, 0)).toBe(lib.totalParams);
      }
    }
  });
});

describe('formatting', () => {
  it('writes shapes with × and counts with thousands separators', () => {
    expect(shapeText([8, 8, 64])).toBe('8×8×64');
    expect(formatCount(272490)).toBe('272,490');
  });
});
