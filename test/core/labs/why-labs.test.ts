import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAB_NETS, labNet, labNetConfig, labNetTitle } from '../../../src/core/labs/lab-nets.ts';
import { drawBlocks, lesionPlan, randomCurve, singleDeletionSummary, spreadOf, type LesionMeasurement } from '../../../src/core/labs/lesion-plan.ts';
import { NO_MOMENTS, combineMoments, momentsStd, type Moments } from '../../../src/core/labs/moments.ts';
import { planBlocks } from '../../../src/core/model/architecture.ts';
import { deletableBlocks, checkLesion, lesionStandIn } from '../../../src/core/model/lesion.ts';
import { presetConfig } from '../../../src/core/model/config.ts';
import { Rng } from '../../../src/core/random.ts';
import runs from '../../../src/data/reference_runs.json';

const momentsOf = (v: readonly number[]): Moments => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { count: v.length, mean, m2: v.reduce((a, x) => a + (x - mean) ** 2, 0) };
};

describe('the labs\' network table', () => {
  it('names the recorded runs, with their epochs, and weights the site serves', () => {
    for (const net of LAB_NETS) {
      const run = runs.results.find((r) => r.name === net.key);
      expect(run?.epochs).toBe(net.epochs);
      expect(existsSync(`public${net.weightsUrl}`)).toBe(true);
      expect(labNetConfig(net).skips).toBe(net.residual ? 'all' : 'none');
      expect(planBlocks(labNetConfig(net)).length * 2 + 2).toBe(net.depth);
    }
    expect(labNetTitle(labNet('plain20_sgd15'))).toBe('plain-20 (15 epochs)');
    expect(labNetTitle(labNet('mine'))).toBe('my model');
    expect(() => labNet('resnet1202')).toThrow(/choose one of resnet20_sgd30, plain20_sgd15, mine/);
  });
});

describe('which blocks can be deleted', () => {
  it('every block of a ResNet (its shortcut stays), only the same-shape blocks of a plain net', () => {
    expect(deletableBlocks(planBlocks(presetConfig('resnet20')))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(deletableBlocks(planBlocks(presetConfig('resnet20-a')))).toHaveLength(9);
    const plain = planBlocks(presetConfig('plain56'));
    expect(deletableBlocks(plain)).toHaveLength(25);
    expect(plain.filter((b) => lesionStandIn(b) === 'impossible').map((b) => b.id)).toEqual(['stage2.block0', 'stage3.block0']);
    expect([...checkLesion(plain, [0, 0, 1])]).toEqual([0, 1]);
    expect(() => checkLesion(plain, [1.5])).toThrow(/blocks 0 to 26/);
  });
});

describe('the lesion plan', () => {
  it('runs the intact net, each single deletion, then `draws` random sets per k (one set when k is every block)', () => {
    const plan = lesionPlan([0, 1, 2, 3], { draws: 3, seed: 1 });
    expect(plan.slice(0, 5).map((c) => c.blocks)).toEqual([[], [0], [1], [2], [3]]);
    const random = plan.filter((c) => c.kind === 'random');
    expect(random.map((c) => c.kind === 'random' && c.k)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4]);
    for (const c of random) expect(new Set(c.blocks).size).toBe(c.blocks.length);
    expect(random.at(-1)!.blocks).toEqual([0, 1, 2, 3]);
    expect(lesionPlan([0, 1, 2, 3], { draws: 3, seed: 1 })).toEqual(plan);
    expect(lesionPlan([0, 1, 2, 3], { draws: 3, seed: 2 })).not.toEqual(plan);
    expect(() => lesionPlan([0], { draws: 0, seed: 1 })).toThrow(/positive whole number/);
  });

  it('draws distinct sorted blocks, every block equally often in the long run', () => {
    const rng = Rng.fromSeed(3);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 3000; i++) for (const b of drawBlocks([0, 1, 2, 3, 4, 5], 2, rng)) counts[b]!++;
    for (const c of counts) expect(c).toBeGreaterThan(900);
    expect(() => drawBlocks([1, 2], 3, rng)).toThrow(/Cannot draw 3 of 2/);
  });

  it('summarises accuracies: spread per k and the drop a single deletion costs', () => {
    const s2 = spreadOf([0.5, 0.7]);
    expect([s2.n, s2.min, s2.max]).toEqual([2, 0.5, 0.7]);
    expect(s2.mean).toBeCloseTo(0.6, 12);
    expect(s2.sd).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(spreadOf([0.4]).sd).toBe(0);
    const m: LesionMeasurement[] = [
      { case: { kind: 'intact', blocks: [] }, accuracy: 0.9 },
      { case: { kind: 'single', blocks: [0] }, accuracy: 0.8 },
      { case: { kind: 'single', blocks: [1] }, accuracy: 0.88 },
      { case: { kind: 'random', k: 2, draw: 0, blocks: [0, 1] }, accuracy: 0.5 },
      { case: { kind: 'random', k: 1, draw: 0, blocks: [1] }, accuracy: 0.88 },
      { case: { kind: 'random', k: 2, draw: 1, blocks: [0, 1] }, accuracy: 0.6 },
    ];
    expect(randomCurve(m).map((r) => [r.k, r.spread.n, r.spread.mean])).toEqual([[1, 1, 0.88], [2, 2, 0.55]]);
    const s = singleDeletionSummary(m)!;
    expect(s.intact).toBe(0.9);
    expect(s.meanDrop).toBeCloseTo(0.06, 12);
    expect(s.worstDrop).toBeCloseTo(0.1, 12);
    expect(s.worstBlock).toBe(0);
    expect(singleDeletionSummary(m.slice(0, 1))).toBeNull();
  });
});

describe('merged moments', () => {
  it('give the std of the union of batches, in any grouping', () => {
    const a = [1, 2, 3.5], b = [10, -4], c = [0.25];
    const merged = combineMoments(combineMoments(momentsOf(a), momentsOf(b)), combineMoments(NO_MOMENTS, momentsOf(c)));
    const all = momentsOf([...a, ...b, ...c]);
    expect(merged.count).toBe(6);
    expect(merged.mean).toBeCloseTo(all.mean, 12);
    expect(momentsStd(merged)).toBeCloseTo(momentsStd(all), 12);
    expect(momentsStd(NO_MOMENTS)).toBeNaN();
  });
});

describe('the recorded numbers the pages quote', () => {
  it('cover every reference net, with one std per 3x3 layer and one accuracy per deletable block', async () => {
    const { WHY_RECORD, largerLayers, layerList, lesionSummary, meanResponseStd, randomMean, smallerLayers, singleAccuracy, deletableCount, responseLayers } = await import('../../../src/core/labs/why-record.ts');
    for (const net of LAB_NETS) {
      const blocks = planBlocks(labNetConfig(net));
      expect(responseLayers(net.key)).toBe(2 * blocks.length + 1);
      expect(deletableCount(net.key)).toBe(deletableBlocks(blocks).length);
      expect(WHY_RECORD.nets[net.key as keyof typeof WHY_RECORD.nets].curve.at(-1)!.k).toBe(deletableCount(net.key));
    }
    const r = lesionSummary('resnet20_sgd30');
    expect(r.worstDrop).toBeGreaterThanOrEqual(r.meanDrop);
    expect(r.leastDrop).toBeLessThanOrEqual(r.meanDrop);
    expect(singleAccuracy('resnet20_sgd30', r.worstBlock)).toBeCloseTo(r.intact - r.worstDrop, 10);
    expect(smallerLayers('resnet20_sgd30', 'plain20_sgd15') + largerLayers('resnet20_sgd30', 'plain20_sgd15').length).toBe(19);
    expect(meanResponseStd('resnet20_sgd30')).toBeGreaterThan(0);
    expect(randomMean('plain20_sgd15', 1)).toBeLessThan(0.2);
    expect(layerList([{ layer: 1, id: 'stem.bn' }, { layer: 9, id: 'stage2.block0.bn2' }, { layer: 19, id: 'stage3.block2.bn2' }])).toBe('1 (stem.bn), 9 (stage2.block0.bn2) and 19 (stage3.block2.bn2)');
    expect(() => randomMean('resnet20_sgd30', 99)).toThrow(/No recorded draws of 99/);
  });
});
