import { describe, expect, it } from 'vitest';
import { layoutCurveChart } from '../../../src/viz/curveLayout.ts';
import { trainPanels } from '../../../src/viz/labs/train-panels.ts';

describe('train lab panels', () => {
  const train = [{ epoch: 0.25, loss: 2.1, error: 0.8 }, { epoch: 0.5, loss: 1.8, error: 0.65 }];
  const val = [{ epoch: 1, accuracy: 0.42 }];

  it('plot loss and error on one chart and validation accuracy as a percentage on the other', () => {
    const [t, v] = trainPanels(train, val);
    expect(t.series.map((s) => s.points.map((p) => p.y))).toEqual([[2.1, 1.8], [0.8, 0.65]]);
    expect(v.series[0]?.points).toEqual([{ x: 1, y: 0.42 }]);
    expect(layoutCurveChart(v, { width: 340, height: 240 }).legend[0]?.text).toBe('accuracy 42.0%');
  });

  it('reads fractional epochs on the x axis during the first epoch', () => {
    const [t] = trainPanels(train, []);
    const view = layoutCurveChart(t, { width: 340, height: 240 });
    expect(view.xTicks.map((x) => x.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
    expect(view.legend.map((l) => l.text)).toEqual(['loss 1.800', 'error 0.650']);
  });
});
