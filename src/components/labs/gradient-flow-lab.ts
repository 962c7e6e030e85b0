/**
 * <gradient-flow-lab>: measures plain-d and ResNet-d (at init, and trained where the reference table has the depth) in
 * the labs' worker and draws each net as soon as it is measured. Starts when near the viewport; Stop ends the job after
 * the net in progress. data-state, data-first-seconds and data-seconds are for tests and the benchmark record.
 */
import { chooseBackend } from '../../client/backend.ts';
import { ProbeClient, type FlowNet, type ProbeMessage } from '../../client/labs/probe-client.ts';
import { gradientFlowTable, readSettings, writeSettings, type GradientFlowSettings } from '../../core/labs/settings.ts';
import { renderCurveChart } from '../../viz/curveChart.ts';
import { layoutCurveChart } from '../../viz/curveLayout.ts';
import { flowSummary, gradientFlowCharts, type FlowNetView } from '../../viz/labs/gradient-flow.ts';
import { part, whenNear } from '../near.ts';

const view = (n: FlowNet): FlowNetView => ({
  key: n.key, label: n.label, family: n.family, epochs: n.epochs,
  convs: n.flow.convs.map((c) => c.norm), inputs: n.flow.inputs.map((c) => c.norm),
});

class GradientFlowLabElement extends HTMLElement {
  private client: ProbeClient | null = null;
  private run = 0;
  private nets: FlowNetView[] = [];
  private started = 0;

  connectedCallback(): void {
    const { settings, problems } = readSettings(gradientFlowTable, location.search);
    this.fill(settings);
    this.showProblems(problems);
    part<HTMLFormElement>(this, 'form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.measure();
    });
    part<HTMLButtonElement>(this, '[data-stop]').onclick = () => {
      this.client?.stop();
      this.status('Stopping after the net in progress…');
    };
    this.dataset.state = 'idle';
    this.draw();
    whenNear(this, () => void this.measure());
  }

  disconnectedCallback(): void {
    this.client?.dispose();
    this.client = null;
  }

  private fill(s: GradientFlowSettings): void {
    const form = part<HTMLFormElement>(this, 'form');
    for (const field of Object.keys(gradientFlowTable) as (keyof GradientFlowSettings)[]) {
      const spec = gradientFlowTable[field];
      const input = form.elements.namedItem(spec.key);
      if (input instanceof HTMLInputElement || input instanceof HTMLSelectElement) input.value = (spec.format as (v: unknown) => string)(s[field]);
    }
  }

  private read(): { settings: GradientFlowSettings; problems: readonly string[] } {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(part<HTMLFormElement>(this, 'form'))) if (typeof v === 'string') params.set(k, v);
    return readSettings(gradientFlowTable, params.toString());
  }

  private showProblems(problems: readonly string[]): void {
    const box = part<HTMLElement>(this, '[data-problems]');
    box.hidden = problems.length === 0;
    box.textContent = problems.join(' ');
  }

  private status(text: string): void {
    part<HTMLElement>(this, '[data-status]').textContent = text;
  }

  private async measure(): Promise<void> {
    const { settings, problems } = this.read();
    this.showProblems(problems);
    if (problems.length) return;
    history.replaceState(null, '', `?${writeSettings(gradientFlowTable, settings)}`);
    const backend = await chooseBackend(localStorage);
    if (!this.client) {
      this.client = new ProbeClient();
      this.client.on((m) => this.onMessage(m));
    }
    this.nets = [];
    this.dataset.nets = '0';
    this.started = performance.now();
    delete this.dataset.firstSeconds;
    delete this.dataset.seconds;
    this.run = this.client.gradientFlow(settings, backend);
    this.dataset.state = 'running';
    part<HTMLButtonElement>(this, '[data-stop]').disabled = false;
    this.status('Starting…');
    this.draw();
  }

  private onMessage(m: ProbeMessage): void {
    if (m.type === 'ready') {
      part<HTMLElement>(this, '[data-backend-note]').textContent = `Computing on ${m.backend}.${m.note ? ` ${m.note}` : ''}`;
      return;
    }
    if (m.run !== this.run) return;
    if (m.type === 'status') this.status(m.message);
    else if (m.type === 'error') this.finish(`Error: ${m.message}`);
    else if (m.type === 'memory') this.dataset.tensors = String(m.numTensors);
    else if (m.type === 'gradflow/net') {
      this.nets.push(view(m.net));
      this.dataset.firstSeconds ??= ((performance.now() - this.started) / 1000).toFixed(1);
      this.dataset.nets = String(this.nets.length);
      this.draw();
    } else if (m.type === 'done') {
      this.dataset.seconds = ((performance.now() - this.started) / 1000).toFixed(1);
      this.finish(`${m.stopped ? 'Stopped' : 'Done'}: ${this.nets.length} net${this.nets.length === 1 ? '' : 's'} measured in ${m.seconds.toFixed(1)} s.`, m.stopped ? 'stopped' : 'done');
    }
  }

  private finish(text: string, state = 'done'): void {
    this.status(text);
    this.dataset.state = state;
    part<HTMLButtonElement>(this, '[data-stop]').disabled = true;
  }

  private draw(): void {
    const charts = gradientFlowCharts(this.nets);
    const narrow = this.clientWidth > 0 && this.clientWidth < 560;
    const size = narrow ? { width: 340, height: 300 } : { width: 440, height: 300 };
    this.querySelectorAll<SVGSVGElement>('svg[data-chart]').forEach((svg, i) => {
      const spec = charts[i];
      if (spec) renderCurveChart(svg, layoutCurveChart(spec, size));
    });
    part<HTMLElement>(this, '[data-summary]').textContent = flowSummary(this.nets);
  }
}

if (!customElements.get('gradient-flow-lab')) customElements.define('gradient-flow-lab', GradientFlowLabElement);
