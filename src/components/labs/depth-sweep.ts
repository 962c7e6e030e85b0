/**
 * <depth-sweep>: plain and residual nets at several depths trained in turn (two workers, one family each) with the
 * race's settings from the URL, then final training error against depth for both families. Progress and cancel; the
 * depths go into the URL beside the race's settings.
 */
import { showProblems, showStatus } from '../form-parts.ts';
import { chooseBackend } from '../../client/backend.ts';
import { RaceClient, type RaceMessage } from '../../client/labs/race-client.ts';
import { mergeQuery, readSettings, writeSettings } from '../../core/labs/settings.ts';
import { degradationTable } from '../../core/labs/degradation-settings.ts';
import { sweepNets, sweepTable, type SweepSettings } from '../../core/labs/sweep.ts';
import { renderCurveChart } from '../../viz/curveChart.ts';
import { layoutCurveChart } from '../../viz/curveLayout.ts';
import { sweepChart, sweepVerdict, type SweepPoint } from '../../viz/labs/sweep-chart.ts';
import { part } from '../near.ts';

class DepthSweepElement extends HTMLElement {
  private client: RaceClient | null = null;
  private run = 0;
  private sweep: SweepSettings = { depths: sweepTable.depths.default };
  private steps = 1;
  private points: SweepPoint[] = [];
  private lastStep: number[] = [];

  connectedCallback(): void {
    const { settings, problems } = readSettings(sweepTable, location.search);
    part<HTMLInputElement>(this, 'input[name="sweep"]').value = sweepTable.depths.format(settings.depths);
    this.sweep = settings;
    showProblems(this, problems);
    part<HTMLFormElement>(this, 'form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.start();
    });
    part<HTMLButtonElement>(this, '[data-cancel]').onclick = () => this.client?.stop();
    this.draw();
    this.dataset.state = 'idle';
  }

  disconnectedCallback(): void {
    this.client?.dispose();
    this.client = null;
  }

  private async start(): Promise<void> {
    const sweep = readSettings(sweepTable, `sweep=${encodeURIComponent(part<HTMLInputElement>(this, 'input[name="sweep"]').value)}`);
    const race = readSettings(degradationTable, location.search);
    showProblems(this, [...sweep.problems, ...race.problems]);
    if (sweep.problems.length || race.problems.length) return;
    this.sweep = sweep.settings;
    const nets = sweepNets(this.sweep);
    // The race's settings, every net its own job; validation only at the start and the end.
    const settings = { ...race.settings, nets, evalEvery: race.settings.steps };
    history.replaceState(null, '', `?${mergeQuery(location.search, writeSettings(degradationTable, race.settings), writeSettings(sweepTable, this.sweep))}`);
    this.steps = settings.steps;
    this.points = [];
    this.lastStep = nets.map(() => 0);
    const backend = await chooseBackend(localStorage);
    if (!this.client) {
      this.client = new RaceClient();
      this.client.on((m) => this.onMessage(m));
    }
    this.run = this.client.start(settings, backend, { workers: 2 });
    this.dataset.state = 'running';
    part<HTMLButtonElement>(this, '[data-cancel]').disabled = false;
    part<HTMLElement>(this, '[data-verdict]').textContent = '';
    showStatus(this, `Starting ${nets.length} nets…`);
    this.progress(0);
    this.draw();
  }

  private progress(fraction: number): void {
    part<HTMLProgressElement>(this, 'progress').value = fraction;
  }

  private onMessage(m: RaceMessage): void {
    if (m.type === 'ready' || m.run !== this.run) return;
    if (m.type === 'status') showStatus(this, m.message);
    else if (m.type === 'error') this.finish(`Error: ${m.message}`);
    else if (m.type === 'race/event') this.onEvent(m.event);
  }

  private onEvent(e: Extract<RaceMessage, { type: 'race/event' }>['event']): void {
    const depths = this.sweep.depths;
    if (e.type === 'train') {
      this.lastStep[e.net] = e.step;
      const done = this.lastStep.reduce((a, b) => a + b, 0) / (this.lastStep.length * this.steps);
      this.progress(done);
      showStatus(this, `Training… ${Math.round(100 * done)}% of ${this.lastStep.length} nets × ${this.steps} steps`);
    } else if (e.type === 'end-error') {
      this.points.push({ depth: depths[Math.floor(e.net / 2)]!, residual: e.net % 2 === 1, error: e.error });
      this.draw();
    } else if (e.type === 'end') {
      const how = e.reason === 'stopped' ? 'Cancelled' : 'Finished';
      this.finish(`${how}: ${this.points.length} of ${2 * depths.length} nets in ${e.elapsedSeconds.toFixed(0)} s.`);
      this.dataset.results = JSON.stringify(this.points.map((p) => ({ ...p, error: Number(p.error.toFixed(4)) })));
      part<HTMLElement>(this, '[data-verdict]').textContent = sweepVerdict(this.points, depths);
    }
  }

  private finish(text: string): void {
    showStatus(this, text);
    this.dataset.state = 'done';
    part<HTMLButtonElement>(this, '[data-cancel]').disabled = true;
  }

  private draw(): void {
    renderCurveChart(part<SVGSVGElement>(this, 'svg[data-sweep-chart]'), layoutCurveChart(sweepChart(this.points, this.sweep.depths), { width: 420, height: 260 }));
  }
}

if (!customElements.get('depth-sweep')) customElements.define('depth-sweep', DepthSweepElement);
