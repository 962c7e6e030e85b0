/**
 * <gradient-flow-lab>: measures plain-d and ResNet-d (at init, and trained where the reference table has the depth) in
 * the labs' worker and draws each net as soon as it is measured; with "my model" ticked, the reader's own net first,
 * at its own depth (the form follows it; a depth the lab has no nets of is measured alone, with a note). Starts when
 * near the viewport; Stop ends the job after the net in progress. data-state, data-first-seconds and data-seconds are
 * for tests and the benchmark record.
 */
import { showProblems, showStatus } from '../form-parts.ts';
import { chooseBackend } from '../../client/backend.ts';
import { ProbeClient, type FlowNet, type ProbeMessage } from '../../client/labs/probe-client.ts';
import { FLOW_DEPTHS, flowPlan } from '../../core/labs/gradient-flow-plan.ts';
import { readSettings, writeSettings } from '../../core/labs/settings.ts';
import { gradientFlowTable, type GradientFlowSettings } from '../../core/labs/lab-tables.ts';
import { modelDepth } from '../../core/model/config.ts';
import { renderCurveChart } from '../../viz/curveChart.ts';
import { layoutCurveChart } from '../../viz/curveLayout.ts';
import { flowSummary, gradientFlowCharts, type FlowNetView } from '../../viz/labs/gradient-flow.ts';
import { part, whenNear } from '../near.ts';
import { MyModelSlot, NO_MODEL, type MyNet } from './my-model-slot.ts';

const view = (n: FlowNet): FlowNetView => ({
  key: n.key, label: n.label, family: n.family, epochs: n.epochs,
  convs: n.flow.convs.map((c) => c.norm), inputs: n.flow.inputs.map((c) => c.norm),
});

class GradientFlowLabElement extends HTMLElement {
  private client: ProbeClient | null = null;
  private mine: MyModelSlot | null = null;
  private run = 0;
  private nets: FlowNetView[] = [];
  private started = 0;

  connectedCallback(): void {
    const { settings, problems } = readSettings(gradientFlowTable, location.search);
    this.fill(settings);
    showProblems(this, problems);
    part<HTMLFormElement>(this, 'form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.measure();
    });
    part<HTMLButtonElement>(this, '[data-stop]').onclick = () => {
      this.client?.stop();
      showStatus(this, 'Stopping after the net in progress…');
    };
    this.mine = new MyModelSlot(this, {
      box: this.box(),
      name: this.querySelector<HTMLElement>('[data-my-model-name]'),
      next: 'press Measure to include it',
      status: (text) => showStatus(this, text),
      onModel: (m, uploaded) => {
        if (uploaded) this.followDepth(m);
      },
    });
    this.dataset.state = 'idle';
    this.draw();
    whenNear(this, () => void this.measure());
  }

  disconnectedCallback(): void {
    this.client?.dispose();
    this.client = null;
  }

  private box(): HTMLInputElement {
    return part<HTMLInputElement>(this, 'input[data-my-model]');
  }

  /** Sets the depth field to the reader's model's depth where the lab builds nets of it. */
  private followDepth(m: MyNet): void {
    const depth = modelDepth(m.config);
    const select = part<HTMLFormElement>(this, 'form').elements.namedItem(gradientFlowTable.depth.key);
    if (FLOW_DEPTHS.includes(depth) && select instanceof HTMLSelectElement) select.value = String(depth);
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

  private async measure(): Promise<void> {
    const { settings, problems } = this.read();
    showProblems(this, problems);
    if (problems.length) return;
    const mine = this.box().checked ? await this.mine?.get() ?? null : null;
    if (this.box().checked && !mine) {
      showProblems(this, [NO_MODEL]);
      return;
    }
    if (mine) this.followDepth(mine);
    const plan = flowPlan(settings.depth, mine ? { depth: modelDepth(mine.config), label: mine.label } : null);
    const run: GradientFlowSettings = FLOW_DEPTHS.includes(plan.depth) ? { ...settings, depth: plan.depth as GradientFlowSettings['depth'] } : settings;
    const note = part<HTMLElement>(this, '[data-plan-note]');
    note.hidden = plan.note === null;
    note.textContent = plan.note ?? '';
    this.dataset.mine = mine ? mine.label : '';
    history.replaceState(null, '', `?${writeSettings(gradientFlowTable, run)}`);
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
    this.run = this.client.gradientFlow(run, backend, mine);
    this.dataset.state = 'running';
    part<HTMLButtonElement>(this, '[data-stop]').disabled = false;
    showStatus(this, 'Starting…');
    this.draw();
  }

  private onMessage(m: ProbeMessage): void {
    if (m.type === 'ready') {
      part<HTMLElement>(this, '[data-backend-note]').textContent = `Computing on ${m.backend}.${m.note ? ` ${m.note}` : ''}`;
      return;
    }
    if (m.run !== this.run) return;
    if (m.type === 'status') showStatus(this, m.message);
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
    showStatus(this, text);
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
