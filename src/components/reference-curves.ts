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
    // On a narrow screen a taller aspect keeps the labels legible once the SVG is scaled down.
    const size = this.clientWidth < 500 ? { width: 420, height: 340 } : { width: 640, height: 340 };
    renderCurveChart(part<SVGSVGElement>(this, '[data-svg]'), layoutCurveChart(referenceChart(runs, metric), size));
    this.dataset.metric = metric;
  }
}

if (!customElements.get('reference-curves')) customElements.define('reference-curves', ReferenceCurvesElement);
