import { describe, expect, it } from 'vitest';
import { PAPER_SWEEP_FINDING, sweepNets, sweepTable } from '../../../src/core/labs/sweep.ts';
import { mergeQuery, readSettings, writeSettings } from '../../../src/core/labs/settings.ts';
import { sweepChart, sweepVerdict } from '../../../src/viz/labs/sweep-chart.ts';

describe('the depth sweep settings', () => {
  it('default to the paper’s depths and round-trip through the URL', () => {
    const { settings, problems } = readSettings(sweepTable, '');
    expect(problems).toEqual([]);
    expect(settings.depths).toEqual([20, 32, 44, 56, 110]);
    expect(writeSettings(sweepTable, settings)).toBe('sweep=20,32,44,56,110');
    expect(readSettings(sweepTable, 'sweep=8,14').settings.depths).toEqual([8, 14]);
  });

  it('explain depths that are not 6n+2, out of order or too many', () => {
    expect(readSettings(sweepTable, 'sweep=20,30').problems[0]).toMatch(/depth 30 is not 6n\+2/);
    expect(readSettings(sweepTable, 'sweep=32,20').problems[0]).toMatch(/smallest first/);
    expect(readSettings(sweepTable, 'sweep=20').problems[0]).toMatch(/2 to 6 depths/);
    expect(readSettings(sweepTable, 'sweep=116,20').problems[0]).toMatch(/depth 116/);
  });

  it('train plain then residual at each depth', () => {
    expect(sweepNets({ depths: [20, 56] })).toEqual([{ n: 3, skips: 'none' }, { n: 3, skips: 'all' }, { n: 9, skips: 'none' }, { n: 9, skips: 'all' }]);
    expect(PAPER_SWEEP_FINDING).toContain('6.43% for ResNet-110');
  });

  it('merge into the race’s query without dropping its keys', () => {
    expect(mergeQuery('?nets=3p,9p&steps=5', 'steps=7', 'sweep=20,56')).toBe('nets=3p,9p&steps=7&sweep=20,56');
  });
});

describe('the depth sweep chart', () => {
  const points = [
    { depth: 20, residual: false, error: 0.6 }, { depth: 20, residual: true, error: 0.55 },
    { depth: 56, residual: false, error: 0.85 }, { depth: 56, residual: true, error: 0.5 }, { depth: 56, residual: true, error: Number.NaN },
  ];

  it('draws error against depth, one line per family, leaving out nets without a verdict', () => {
    const spec = sweepChart(points, [20, 56]);
    expect(spec.series.map((s) => [s.id, s.points])).toEqual([
      ['plain', [{ x: 20, y: 0.6 }, { x: 56, y: 0.85 }]],
      ['residual', [{ x: 20, y: 0.55 }, { x: 56, y: 0.5 }]],
    ]);
    expect(spec.xDomain).toEqual([20, 56]);
  });

  it('says which way each family went from the first depth to the last', () => {
    expect(sweepVerdict(points.slice(0, 4), [20, 56])).toBe('In this sweep: plain-20 60.0% → plain-56 85.0% (rises with depth); ResNet-20 55.0% → ResNet-56 50.0% (falls with depth).');
    expect(sweepVerdict([], [20, 56])).toBe('');
  });
});
