/**
 * <landscape-lab>: draws the shipped loss slice (public/data/landscape) at once, and recomputes a slice in the labs'
 * worker on request, redrawing whenever a finer level of the grid is complete. data-state, data-first-seconds and
 * data-seconds are for tests and the benchmark record.
 */
import { chooseBackend } from '../../client/backend.ts';
import { ProbeClient, type ProbeMessage } from '../../client/labs/probe-client.ts';
import { finestCompleteStride, subGrid } from '../../core/labs/landscape-grid.ts';
import { parseLandscapeFile } from '../../core/labs/landscape-file.ts';
import { SHIPPED_LANDSCAPE } from '../../core/labs/landscape-record.ts';
import { REFERENCE_MODELS } from '../../core/labs/reference-models.ts';
import { landscapeTable, readSettings, writeSettings, type LandscapeSettings } from '../../core/labs/settings.ts';
import { layoutContour, layoutSurface, logLevels, type SliceSpec } from '../../viz/labs/landscape-layout.ts';
import { renderContour, renderSurface } from '../../viz/labs/landscape.ts';
import { part } from '../near.ts';

interface Shown {
  readonly size: number;
  readonly span: number;
  readonly labels: readonly string[];
  readonly losses: Float64Array[];
}

const labelOf = (id: string) => REFERENCE_MODELS.find((m) => m.id === id)?.label ?? id;

class LandscapeLabElement extends HTMLElement {
  private client: ProbeClient | null = null;
  private run = 0;
  private shown: Shown | null = null;
  private stride: number | null = null;
  private started = 0;

  connectedCallback(): void {
    const { settings, problems } = readSettings(landscapeTable, location.search);
    this.fill(settings);
    this.showProblems(problems);
    part<HTMLFormElement>(this, 'form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.compute();
    });
    part<HTMLButtonElement>(this, '[data-stop]').onclick = () => {
      this.client?.stop();
      this.status('Stopping after the point in progress…');
    };
    part<HTMLInputElement>(this, '[data-angle]').oninput = () => this.draw();
    this.dataset.state = 'idle';
    void this.loadShipped();
  }

  disconnectedCallback(): void {
    this.client?.dispose();
    this.client = null;
  }

  private fill(s: LandscapeSettings): void {
    const form = part<HTMLFormElement>(this, 'form');
    for (const field of Object.keys(landscapeTable) as (keyof LandscapeSettings)[]) {
      const spec = landscapeTable[field];
      const input = form.elements.namedItem(spec.key);
      if (input instanceof HTMLInputElement || input instanceof HTMLSelectElement) input.value = (spec.format as (v: unknown) => string)(s[field]);
    }
  }

  private read(): { settings: LandscapeSettings; problems: readonly string[] } {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(part<HTMLFormElement>(this, 'form'))) if (typeof v === 'string') params.set(k, v);
    return readSettings(landscapeTable, params.toString());
  }

  private showProblems(problems: readonly string[]): void {
    const box = part<HTMLElement>(this, '[data-problems]');
    box.hidden = problems.length === 0;
    box.textContent = problems.join(' ');
  }

  private status(text: string): void {
    part<HTMLElement>(this, '[data-status]').textContent = text;
  }

  private async loadShipped(): Promise<void> {
    try {
      const res = await fetch(SHIPPED_LANDSCAPE.url);
      if (!res.ok) throw new Error(`Could not load ${SHIPPED_LANDSCAPE.url} (HTTP ${res.status}).`);
      const f = parseLandscapeFile(await res.json());
      if (this.run) return;
      this.shown = { size: f.size, span: f.span, labels: f.nets.map((n) => labelOf(n.id)), losses: f.nets.map((n) => Float64Array.from(n.losses)) };
      this.stride = 1;
      part<HTMLElement>(this, '[data-source]').textContent = `Precomputed with \`${f.command}\`: a ${f.size}×${f.size} grid over [−${f.span}, ${f.span}]², seed ${f.seed}, the first ${f.images} training images.`;
      this.dataset.state = 'shipped';
      this.status('Showing the precomputed slice. Press "Compute in this browser" to recompute it here with the settings above.');
      this.draw();
    } catch (e) {
      this.status(`${e instanceof Error ? e.message : String(e)} Press "Compute in this browser" to compute a slice here.`);
    }
  }

  private async compute(): Promise<void> {
    const { settings: s, problems } = this.read();
    this.showProblems(problems);
    if (problems.length) return;
    history.replaceState(null, '', `?${writeSettings(landscapeTable, s)}`);
    const backend = await chooseBackend(localStorage);
    if (!this.client) {
      this.client = new ProbeClient();
      this.client.on((m) => this.onMessage(m));
    }
    this.started = performance.now();
    delete this.dataset.firstSeconds;
    delete this.dataset.seconds;
    this.run = this.client.landscape(s, backend);
    this.dataset.state = 'running';
    part<HTMLButtonElement>(this, '[data-stop]').disabled = false;
    part<HTMLElement>(this, '[data-source]').textContent = `Computed in this browser: a ${s.size}×${s.size} grid over [−${s.span}, ${s.span}]², seed ${s.seed}, the first ${s.images} training images; coarse levels first.`;
    this.status('Starting…');
  }

  private onMessage(m: ProbeMessage): void {
    if (m.type === 'ready') {
      part<HTMLElement>(this, '[data-backend-note]').textContent = `Computing on ${m.backend}.${m.note ? ` ${m.note}` : ''}`;
      return;
    }
    if (m.run !== this.run) return;
    if (m.type === 'status') this.status(m.message);
    else if (m.type === 'error') this.finish(`Error: ${m.message}`, 'error');
    else if (m.type === 'memory') this.dataset.tensors = String(m.numTensors);
    else if (m.type === 'landscape/begin') {
      const size = m.coords.length;
      this.shown = { size, span: m.coords.at(-1)!, labels: m.nets.map((n) => n.label), losses: m.nets.map(() => new Float64Array(size * size).fill(Number.NaN)) };
      this.stride = null;
    } else if (m.type === 'landscape/point' && this.shown) {
      this.shown.losses[m.net]![m.j * this.shown.size + m.i] = m.loss;
      this.status(`${m.done} of ${m.total} losses computed (${Math.round((100 * m.done) / m.total)}%)`);
      const strides = this.shown.losses.map((l) => finestCompleteStride(l, this.shown!.size));
      const stride = strides.some((s) => s === null) ? null : Math.max(...(strides as number[]));
      if (stride !== null && stride !== this.stride) {
        this.stride = stride;
        this.dataset.firstSeconds ??= ((performance.now() - this.started) / 1000).toFixed(1);
        this.dataset.stride = String(stride);
        this.draw();
      }
    } else if (m.type === 'done') {
      this.dataset.seconds = ((performance.now() - this.started) / 1000).toFixed(1);
      this.finish(`${m.stopped ? 'Stopped' : 'Done'} after ${m.seconds.toFixed(1)} s.`, m.stopped ? 'stopped' : 'done');
    }
  }

  private finish(text: string, state: string): void {
    this.status(text);
    this.dataset.state = state;
    part<HTMLButtonElement>(this, '[data-stop]').disabled = true;
  }

  private draw(): void {
    const shown = this.shown;
    if (!shown || this.stride === null) return;
    const slices: SliceSpec[] = shown.losses.map((l, k) => {
      const g = subGrid(l, shown.size, this.stride!);
      return { label: shown.labels[k] ?? `net ${k + 1}`, size: g.size, values: g.values, span: shown.span };
    });
    const levels = logLevels(slices);
    const angle = Number(part<HTMLInputElement>(this, '[data-angle]').value);
    const summaries: string[] = [];
    slices.forEach((s, k) => {
      const box = this.querySelector(`.slice[data-net="${k}"]`);
      if (!box) return;
      const contour = layoutContour(s, levels, 320);
      renderContour(part<SVGSVGElement>(box, 'svg[data-view="contour"]'), contour);
      renderSurface(part<SVGSVGElement>(box, 'svg[data-view="surface"]'), layoutSurface(s, levels, angle, 320));
      summaries.push(contour.summary);
    });
    part<HTMLElement>(this, '[data-summary]').textContent = summaries.join(' ');
  }
}

if (!customElements.get('landscape-lab')) customElements.define('landscape-lab', LandscapeLabElement);
