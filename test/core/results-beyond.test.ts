import { describe, expect, it } from 'vitest';
import { PAPER_TABLE3 } from '../../src/core/results-beyond.ts';

describe('He et al. 2016, Table 3, as the chapter quotes it', () => {
  const top1 = (r: { top1: string }) => Number(r.top1);
  it('orders the shortcut options as the paper says: C marginally better than B, B slightly better than A, all better than plain', () => {
    const t = PAPER_TABLE3;
    expect(top1(t.resnet34C)).toBeLessThan(top1(t.resnet34B));
    expect(top1(t.resnet34B)).toBeLessThan(top1(t.resnet34A));
    expect(top1(t.resnet34A)).toBeLessThan(top1(t.plain34));
  });

  it('has deeper bottleneck nets more accurate, with no degradation', () => {
    const t = PAPER_TABLE3;
    expect(top1(t.resnet152)).toBeLessThan(top1(t.resnet101));
    expect(top1(t.resnet101)).toBeLessThan(top1(t.resnet50));
    expect(top1(t.resnet50)).toBeLessThan(top1(t.resnet34C));
  });

  it('keeps the printed digits (two decimals everywhere)', () => {
    for (const r of Object.values(PAPER_TABLE3)) {
      expect(r.top1).toMatch(/^\d+\.\d\d$/);
      expect(r.top5).toMatch(/^\d+\.\d\d$/);
    }
  });
});
