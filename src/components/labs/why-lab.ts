/**
 * What the two "why it works" labs share: the settings form (URL round trip), the network checkboxes (the reader's
 * own model offered once the train page sent one), the worker client with run/cancel, the status line and progress,
 * and a start as soon as the figure nears the viewport. Each lab supplies its job, its results and its drawing.
 */
import { showProblems } from '../form-parts.ts';
import { chooseBackend } from '../../client/backend.ts';
import { WhyClient, myNetSource, netSource, type WhyJob, type WhyMessage, type WhyNet } from '../../client/labs/why-client.ts';
import { labNet, MY_NET, type LabNet } from '../../core/labs/lab-nets.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import { readSettings, writeSettings, type SettingsTable } from '../../core/labs/settings.ts';
import { renderCurveChart } from '../../viz/curveChart.ts';
import { layoutCurveChart } from '../../viz/curveLayout.ts';
import type { CurveChartSpec } from '../../viz/series.ts';
import { part, whenNear } from '../near.ts';
import { MyModelSlot, NO_MODEL } from './my-model-slot.ts';

type Base = { readonly nets: readonly string[] };

export abstract class WhyLabElement<S extends Base> extends HTMLElement {
  protected abstract readonly table: SettingsTable<S>;
  /** The worker's job for these settings. */
  protected abstract job(s: S): WhyJob;
  /** Forgets the previous results before a run on these nets (`configs[i]`: the network of nets[i], the reader's own included). */
  protected abstract reset(nets: readonly LabNet[], s: S, configs: readonly ModelConfig[]): void;
  /** A partial result from the worker. */
  protected abstract onResult(m: Extract<WhyMessage, { type: 'responses' | 'lesion' }>): void;
  /** The charts' specs for the results so far, and a text version (table rows) of them. */
  protected abstract panels(): CurveChartSpec[];
  protected abstract tableRows(): { head: string[]; rows: string[][] };
  /** One sentence on the finished run (or ''), and numbers for tests in data attributes. */
  protected abstract verdict(): string;

  private client: WhyClient | null = null;
  private mine: MyModelSlot | null = null;
  private live = 0;
  private frame = 0;
  private startedAt = 0;

  connectedCallback(): void {
    const { settings, problems } = readSettings(this.table, location.search);
    this.fill(settings);
    showProblems(this, problems);
    part<HTMLFormElement>(this, 'form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.start();
    });
    part<HTMLButtonElement>(this, '[data-cancel]').onclick = () => this.client?.cancel();
    this.mine = new MyModelSlot(this, {
      box: this.querySelector<HTMLInputElement>(`input[name="net"][value="${MY_NET.key}"]`),
      name: this.querySelector<HTMLElement>('[data-my-model-name]'),
      next: 'press Measure to include it',
      status: (text) => this.status(text),
    });
    this.dataset.state = 'idle';
    whenNear(this, () => void this.start());
  }

  disconnectedCallback(): void {
    this.client?.dispose();
    this.client = null;
  }

  private fill(s: S): void {
    const form = part<HTMLFormElement>(this, 'form');
    for (const field of Object.keys(this.table) as (keyof S)[]) {
      const spec = this.table[field];
      const input = form.elements.namedItem(spec.key);
      if (input instanceof HTMLInputElement || input instanceof HTMLSelectElement) input.value = (spec.format as (v: unknown) => string)(s[field]);
    }
    for (const box of this.querySelectorAll<HTMLInputElement>('input[name="net"]')) box.checked = s.nets.includes(box.value);
  }

  private read(): { settings: S; problems: readonly string[] } {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(part<HTMLFormElement>(this, 'form'))) if (typeof v === 'string' && k !== 'net') params.set(k, v);
    const nets = [...this.querySelectorAll<HTMLInputElement>('input[name="net"]:checked')].map((b) => b.value);
    params.set(this.table.nets.key, nets.join(','));
    return readSettings(this.table, params.toString());
  }

  protected status(text: string, fraction?: number): void {
    part<HTMLElement>(this, '[data-status]').textContent = text;
    if (fraction !== undefined) part<HTMLProgressElement>(this, 'progress').value = fraction;
  }

  private async sources(keys: readonly string[]): Promise<WhyNet[]> {
    const out: WhyNet[] = [];
    for (const key of keys) {
      const net = labNet(key);
      if (key !== MY_NET.key) out.push(netSource(net));
      else {
        const mine = await this.mine?.get();
        if (!mine) throw new Error(NO_MODEL);
        out.push(myNetSource(net, mine));
      }
    }
    return out;
  }

  private async start(): Promise<void> {
    const { settings, problems } = this.read();
    showProblems(this, problems);
    if (problems.length) return;
    history.replaceState(null, '', `?${writeSettings(this.table, settings)}`);
    let nets: WhyNet[];
    try {
      nets = await this.sources(settings.nets);
    } catch (e) {
      showProblems(this, [(e as Error).message]);
      return;
    }
    const backend = await chooseBackend(localStorage);
    this.client ??= this.connect();
    this.reset(settings.nets.map(labNet), settings, nets.map((n) => n.config));
    this.live = this.client.start(this.job(settings), nets, backend);
    this.dataset.run = String(this.live);
    this.dataset.state = 'running';
    delete this.dataset.firstPicture;
    this.startedAt = performance.now();
    part<HTMLButtonElement>(this, '[data-cancel]').disabled = false;
    part<HTMLElement>(this, '[data-verdict]').textContent = '';
    this.status('Starting…', 0);
    this.draw();
  }

  private connect(): WhyClient {
    const client = new WhyClient();
    client.on((m) => this.onMessage(m));
    return client;
  }

  private onMessage(m: WhyMessage): void {
    if (m.type === 'ready') {
      this.dataset.backend = m.backend;
      part<HTMLElement>(this, '[data-backend-note]').textContent = `Computing on ${m.backend}.${m.note ? ` ${m.note}` : ''}`;
      return;
    }
    if (m.run !== this.live) return;
    if (m.type === 'status') this.status(m.message, m.fraction);
    else if (m.type === 'error') this.finish(`Error: ${m.message}`, 'error');
    else if (m.type === 'cancelled') this.finish('Cancelled. Press Measure to start again.', 'cancelled');
    else if (m.type === 'done') {
      this.finish(`Done in ${m.seconds.toFixed(1)} s.`, 'done');
      this.dataset.seconds = m.seconds.toFixed(1);
      part<HTMLElement>(this, '[data-verdict]').textContent = this.verdict();
    } else if (m.type === 'memory') this.dataset.tensors = String(m.numTensors);
    else {
      this.onResult(m);
      this.scheduleDraw();
    }
  }

  private finish(text: string, state: string): void {
    this.status(text, state === 'done' ? 1 : undefined);
    this.dataset.state = state;
    part<HTMLButtonElement>(this, '[data-cancel]').disabled = true;
    this.draw();
  }

  private scheduleDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const svgs = this.querySelectorAll<SVGSVGElement>('svg[data-panel]');
    const narrow = this.clientWidth < 520;
    const panels = this.panels();
    panels.forEach((p, i) => {
      const svg = svgs[i];
      if (svg) renderCurveChart(svg, layoutCurveChart(p, { width: narrow ? 340 : 480, height: narrow ? 280 : 300 }));
    });
    if (panels.some((p) => p.series.some((s) => s.points.some((pt) => Number.isFinite(pt.y))))) this.dataset.firstPicture ??= ((performance.now() - this.startedAt) / 1000).toFixed(1);
    this.drawTable();
  }

  private drawTable(): void {
    const table = part<HTMLTableElement>(this, 'table[data-table]');
    const { head, rows } = this.tableRows();
    table.replaceChildren();
    const tr = table.createTHead().insertRow();
    for (const h of head) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      tr.append(th);
    }
    const body = table.createTBody();
    for (const r of rows) {
      const row = body.insertRow();
      r.forEach((c, i) => {
        const cell = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) cell.setAttribute('scope', 'row');
        cell.textContent = c;
        row.append(cell);
      });
    }
  }
}
