import { describe, expect, it } from 'vitest';
import { renderCurveChart } from '../../../src/viz/curveChart.ts';
import { formatSignificant, layoutCurveChart, logDomain } from '../../../src/viz/curveLayout.ts';
import { flowSummary, gradientFlowCharts, type FlowNetView } from '../../../src/viz/labs/gradient-flow.ts';
import { makeSvg, pretty } from '../dom.ts';

const nets: FlowNetView[] = [
  { key: 'resnet8_init', label: 'ResNet-8', family: 'resnet', epochs: null, convs: [2.1, 1.4, 1.1, 0.9, 0.7, 0.6, 0.5], inputs: [0.4, 0.2, 0.05] },
  { key: 'plain8_init', label: 'plain-8', family: 'plain', epochs: null, convs: [550, 80, 9, 2, 0.9, 0.5, 0.28], inputs: [97, 3, 0.01] },
  { key: 'plain8_sgd', label: 'plain-8', family: 'plain', epochs: 15, convs: [0.24, 0.2, 0.21, 0.23, 0.22, 0.23, 0.23], inputs: [0.18, 0.1, 0.04] },
];
const size = { width: 440, height: 300 };

describe('the gradient-flow charts', () => {
  it('use a log axis over whole powers of ten, with a tick per power while they fit', () => {
    expect(logDomain([0.28, 550])).toEqual([0.1, 1000]);
    const v = layoutCurveChart(gradientFlowCharts(nets)[0], size);
    expect(v.yTicks.map((t) => t.label)).toEqual(['0.1', '1', '10', '100', '1000']);
    expect(v.yTicks[0]!.y).toBe(v.plot.bottom);
  });

  it('draws initialisation dashed and trained nets solid, plain and residual in their own colours', () => {
    const [w] = gradientFlowCharts(nets);
    expect(w.series.map((s) => [s.colour, s.dashed])).toEqual([['residual', true], ['plain', true], ['plain', false]]);
    expect(w.series[2]!.label).toBe('plain-8 trained 15 ep.');
  });

  it('draws the reader\'s model solid in its own colour, named by its label alone, in the charts and the text', () => {
    const mine: FlowNetView = { key: 'mine', label: 'my model (ResNet-8)', family: 'mine', epochs: null, convs: [0.5, 0.25], inputs: [0.2, 0.1, 0.05] };
    const [w, x] = gradientFlowCharts([mine, ...nets]);
    expect([w.series[0]!.colour, w.series[0]!.dashed, w.series[0]!.label]).toEqual(['mine', false, mine.label]);
    expect(x.series[0]!.points.map((p) => p.y)).toEqual([0.2, 0.1, 0.05]);
    expect(flowSummary([mine])).toBe('my model (ResNet-8): ‖dL/dW‖ 0.5 at the first conv, 0.25 at the last (×2).');
  });

  it('writes large and tiny values in exponent form in the legend and the text alternative', () => {
    expect(formatSignificant(1941000, 3)).toBe('1.94e+6');
    expect(formatSignificant(0.5137, 3)).toBe('0.514');
    expect(flowSummary(nets.slice(1, 2))).toBe('plain-8 at initialisation: ‖dL/dW‖ 550 at the first conv, 0.28 at the last (×1960).');
    expect(flowSummary([])).toBe('No measurement yet.');
  });

  it('matches the SVG snapshot of the weight-gradient chart', () => {
    const svg = makeSvg();
    renderCurveChart(svg, layoutCurveChart(gradientFlowCharts(nets)[0], size));
    expect(pretty(svg)).toMatchSnapshot();
  });
});
