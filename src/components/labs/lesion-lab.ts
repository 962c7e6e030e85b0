/**
 * <lesion-lab>: Veit et al.'s lesion study measured here: test accuracy of each chosen net with every single block
 * deleted at test time, then with k randomly chosen blocks deleted (seeded draws; mean and range).
 */
import type { WhyJob, WhyMessage } from '../../client/labs/why-client.ts';
import type { LabNet } from '../../core/labs/lab-nets.ts';
import { randomCurve, singleDeletionSummary } from '../../core/labs/lesion-plan.ts';
import { lesionTable, type LesionSettings } from '../../core/labs/why-settings.ts';
import { planBlocks } from '../../core/model/architecture.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import { randomDeletionPanel, singleDeletionPanel, type LesionResult } from '../../viz/labs/why-panels.ts';
import type { CurveChartSpec } from '../../viz/series.ts';
import { WhyLabElement } from './why-lab.ts';

const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${(100 * v).toFixed(1)}%`);

class LesionLabElement extends WhyLabElement<LesionSettings> {
  protected readonly table = lesionTable;
  private results: LesionResult[] = [];

  protected job(s: LesionSettings): WhyJob {
    return { kind: 'lesion', images: s.images, draws: s.draws, seed: s.seed };
  }

  protected reset(nets: readonly LabNet[], _: LesionSettings, configs: readonly ModelConfig[]): void {
    this.results = nets.map((net, i) => ({ net, blocks: planBlocks(configs[i]!).length, measured: [] }));
  }

  protected onResult(m: Extract<WhyMessage, { type: 'responses' | 'lesion' }>): void {
    if (m.type !== 'lesion') return;
    const at = this.results.findIndex((x) => x.net.key === m.net);
    const r = this.results[at];
    if (!r) return;
    const measured = [...r.measured];
    measured[m.index] = m.measurement;
    // Cases arrive in plan order on the first pass, so the array has no holes.
    this.results[at] = { ...r, measured };
  }

  protected panels(): CurveChartSpec[] {
    return [singleDeletionPanel(this.results), randomDeletionPanel(this.results)];
  }

  protected tableRows(): { head: string[]; rows: string[][] } {
    const nets = this.results;
    const blocks = Math.max(0, ...nets.map((r) => r.blocks));
    const single = (r: LesionResult, b: number) => r.measured.find((m) => m.case.kind === 'single' && m.case.blocks[0] === b)?.accuracy;
    const intact = (r: LesionResult) => r.measured.find((m) => m.case.kind === 'intact')?.accuracy;
    const curve = nets.map((r) => randomCurve(r.measured));
    return {
      head: ['deleted', ...nets.map((r) => `${r.net.label} accuracy`)],
      rows: [
        ['nothing (intact)', ...nets.map((r) => pct(intact(r)))],
        ...Array.from({ length: blocks }, (_, b) => [`block ${b + 1} alone`, ...nets.map((r) => (b < r.blocks ? pct(single(r, b)) : '–'))]),
        ...Array.from({ length: blocks }, (_, k) => [`${k + 1} at random (mean, range)`, ...curve.map((c) => {
          const s = c.find((x) => x.k === k + 1)?.spread;
          return s ? `${pct(s.mean)} (${pct(s.min)} to ${pct(s.max)})` : '–';
        })]),
      ],
    };
  }

  protected verdict(): string {
    const parts = this.results.flatMap((r) => {
      const s = singleDeletionSummary(r.measured);
      return s ? [`${r.net.label}: intact ${pct(s.intact)}; deleting one block costs ${(100 * s.meanDrop).toFixed(1)} points on average, at most ${(100 * s.worstDrop).toFixed(1)} (block ${s.worstBlock + 1})`] : [];
    });
    this.dataset.meanDrops = JSON.stringify(this.results.map((r) => Number((singleDeletionSummary(r.measured)?.meanDrop ?? Number.NaN).toFixed(4))));
    return `${parts.join('. ')}.`;
  }
}

if (!customElements.get('lesion-lab')) customElements.define('lesion-lab', LesionLabElement);
