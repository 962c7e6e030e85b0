/** <reference-curves>: metric and run toggles of ReferenceCurves.astro, redrawn by the shared curve chart. */
import { renderCurveChart } from '../viz/curveChart.ts';
import { layoutCurveChart } from '../viz/curveLayout.ts';
import { referenceChart, type CurveMetric, type ReferenceRun } from '../viz/curves.ts';
import { part, whenNear } from './near.ts';

class ReferenceCurvesElement extends HTMLElement {
  private runs: ReferenceRun[] = [];

  connectedCallback(): void {
    whenNear(this, () => this.start());
  }

  private start(): void {
    this.runs = JSON.parse(part(this, 'script[data-runs]').textContent ?? '[]') as ReferenceRun[];
    this.addEventListener('change', () => this.draw());
    this.draw();
    this.dataset.ready = 'true';
  }

  private draw(): void {
    const metric = (this.querySelector<HTMLInputElement>('input[name="curve-metric"]:checked')?.value ?? 'train') as CurveMetric;
    const shown = new Set([...this.querySelectorAll<HTMLInputElement>('input[name="curve-run"]:checked')].map((i) => i.value));
    const runs = this.runs.filter((r) => shown.has(r.name));
    // On a narrow screen the chart is drawn about as wide as the screen, so its text keeps its size, and the
    // legend moves above the plot to leave the width to the curves.
    const narrow = this.clientWidth < 500;
    const size = narrow ? { width: 340, height: 300 } : { width: 640, height: 340 };
    renderCurveChart(part<SVGSVGElement>(this, '[data-svg]'), layoutCurveChart(referenceChart(runs, metric, narrow ? 'top' : 'end'), size));
    this.dataset.metric = metric;
  }
}

if (!customElements.get('reference-curves')) customElements.define('reference-curves', ReferenceCurvesElement);
