import { describe, expect, it } from 'vitest';
import { FLOW_DEPTHS, flowPlan } from '../../../src/core/labs/gradient-flow-plan.ts';
import { gradientFlowTable } from '../../../src/core/labs/lab-tables.ts';

const kinds = (depth: number, mine: { depth: number; label: string } | null) =>
  flowPlan(depth, mine).jobs.map((j) => (j.kind === 'trained' ? j.model.id : j.kind === 'init' ? `${j.family}${j.depth}_init` : 'mine'));

describe('the gradient-flow lab\'s plan', () => {
  it('measures both families at initialisation, then the trained references of the depth where there are any', () => {
    expect(kinds(20, null)).toEqual(['resnet20_init', 'plain20_init', 'resnet20_sgd30', 'plain20_sgd15']);
    expect(kinds(56, null)).toEqual(['resnet56_init', 'plain56_init']);
    expect(flowPlan(56, null).note).toBeNull();
  });

  it('puts the reader\'s model first and measures the lab\'s nets of its depth, whatever depth the form had', () => {
    const p = flowPlan(20, { depth: 56, label: 'ResNet-56, projection shortcuts, 855,786 parameters' });
    expect(p.depth).toBe(56);
    expect(kinds(20, { depth: 56, label: 'x' })).toEqual(['mine', 'resnet56_init', 'plain56_init']);
    expect(kinds(110, { depth: 20, label: 'x' })).toEqual(['mine', 'resnet20_init', 'plain20_init', 'resnet20_sgd30', 'plain20_sgd15']);
    expect(p.note).toBeNull();
  });

  it('measures a model of a depth the lab has no nets of alone, and says why', () => {
    const p = flowPlan(56, { depth: 14, label: 'ResNet-14, identity + zero-padding shortcuts (option A), 172,506 parameters' });
    expect(p.jobs).toEqual([{ kind: 'mine' }]);
    expect(p.depth).toBe(14);
    expect(p.note).toBe('Your model (ResNet-14, identity + zero-padding shortcuts (option A), 172,506 parameters) is measured alone: it has 14 layers, and this lab\'s plain and residual nets come in 20, 32, 44, 56, 110 layers only, so there is no net of the same depth to set beside it.');
  });

  it('offers in its depth field exactly the depths it has nets of', () => {
    expect(gradientFlowTable.depth.input).toEqual({ kind: 'choice', options: FLOW_DEPTHS.map(String) });
  });
});
