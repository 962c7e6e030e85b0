/**
 * <layer-responses>: the paper's Figure 7 measured here: the std of every 3x3 layer's response (after BN, before the
 * ReLU or the addition) over the first N test images, by layer index and ranked, for each chosen net.
 */
import type { WhyJob, WhyMessage } from '../../client/labs/why-client.ts';
import type { LabNet } from '../../core/labs/lab-nets.ts';
import { responsesTable, type ResponsesSettings } from '../../core/labs/why-settings.ts';
import { responsePanels, type ResponseResult } from '../../viz/labs/why-panels.ts';
import type { CurveChartSpec } from '../../viz/series.ts';
import { WhyLabElement } from './why-lab.ts';

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

class LayerResponsesElement extends WhyLabElement<ResponsesSettings> {
  protected readonly table = responsesTable;
  private results: Array<ResponseResult & { done: number }> = [];

  protected job(s: ResponsesSettings): WhyJob {
    return { kind: 'responses', images: s.images };
  }

  protected reset(nets: readonly LabNet[]): void {
    this.results = nets.map((net) => ({ net, stds: [], done: 0 }));
  }

  protected onResult(m: Extract<WhyMessage, { type: 'responses' | 'lesion' }>): void {
    if (m.type !== 'responses') return;
    const r = this.results.find((x) => x.net.key === m.net);
    if (r) Object.assign(r, { stds: m.stds.map((s) => s.std), done: m.done });
  }

  protected panels(): CurveChartSpec[] {
    return responsePanels(this.results);
  }

  protected tableRows(): { head: string[]; rows: string[][] } {
    const n = Math.max(0, ...this.results.map((r) => r.stds.length));
    return {
      head: ['layer', ...this.results.map((r) => `${r.net.label} std`)],
      rows: Array.from({ length: n }, (_, i) => [String(i + 1), ...this.results.map((r) => r.stds[i]?.toFixed(3) ?? '–')]),
    };
  }

  protected verdict(): string {
    const done = this.results.filter((r) => r.stds.length);
    this.dataset.meanStds = JSON.stringify(done.map((r) => Number(mean(r.stds).toFixed(4))));
    return `Mean response std over the layers: ${done.map((r) => `${r.net.label} ${mean(r.stds).toFixed(3)} (${r.stds.length} layers, ${r.done.toLocaleString('en-US')} images)`).join('; ')}.`;
  }
}

if (!customElements.get('layer-responses')) customElements.define('layer-responses', LayerResponsesElement);
