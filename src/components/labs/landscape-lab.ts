/**
 * <landscape-lab>: draws the shipped loss slice (public/data/landscape) at once, and recomputes a slice in the labs'
 * worker on request (the reference pair, the reader's own model, or both), redrawing whenever a finer level of the
 * grid is complete. A run replaces only the slices it computes: the reader's slice appears beside the pair shown.
 * data-state, data-first-seconds and data-seconds are for tests and the benchmark record.
 */
import { showProblems, showStatus } from '../form-parts.ts';
import { chooseBackend } from '../../client/backend.ts';
import { ProbeClient, type ProbeMessage } from '../../client/labs/probe-client.ts';
import { MY_NET } from '../../core/labs/lab-nets.ts';
import { finestCompleteStride, subGrid } from '../../core/labs/landscape-grid.ts';
import { parseLandscapeFile } from '../../core/labs/landscape-file.ts';
import { SHIPPED_LANDSCAPE } from '../../core/labs/landscape-record.ts';
import { REFERENCE_MODELS } from '../../core/labs/reference-models.ts';
import { readSettings, writeSettings } from '../../core/labs/settings.ts';
import { landscapeTable, type LandscapeSettings } from '../../core/labs/lab-tables.ts';
import { layoutContour, layoutSurface, logLevels, type SliceSpec } from '../../viz/labs/landscape-layout.ts';
import { renderContour, renderSurface } from '../../viz/labs/landscape.ts';
import { part } from '../near.ts';
import { MyModelSlot, NO_MODEL } from './my-model-slot.ts';

/** One drawn slice: a size x size grid of losses (NaN where not computed yet), drawn at its finest complete stride. */
interface Slice {
  readonly label: string;
  readonly size: number;
  readonly span: number;
  readonly losses: Float64Array;
  stride: number | null;
}

/** The slice boxes of the figure: the reference pair (plain '0', ResNet '1') and the reader's model. */
const MINE_BOX = MY_NET.key;
const labelOf = (id: string) => REFERENCE_MODELS.find((m) => m.id === id)?.label ?? id;

class LandscapeLabElement extends HTMLElement {
  private client: ProbeClient | null = null;
  private mine: MyModelSlot | null = null;
  private run = 0;
  /** Every slice on show, by box; a run replaces only the boxes it computes. */
  private readonly slices = new Map<string, Slice>();
  /**
   * The running job's slices by box, in the worker's net order, and the captions they take: they replace what the
   * boxes show once their coarsest level is complete, so a run stopped earlier leaves the figure as it was.
   */
  private live = new Map<string, Slice>();
  private pending: { pair: string; mine: string } = { pair: '', mine: '' };
  private stride: number | null = null;
  private started = 0;

  connectedCallback(): void {
    const { settings, problems } = readSettings(landscapeTable, location.search);
    this.fill(settings);
    showProblems(this, problems);
    part<HTMLFormElement>(this, 'form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.compute();
    });
    part<HTMLButtonElement>(this, '[data-stop]').onclick = () => {
      this.client?.stop();
      showStatus(this, 'Stopping after the point in progress…');
    };
    part<HTMLInputElement>(this, '[data-angle]').oninput = () => this.draw();
    this.mine = new MyModelSlot(this, {
      box: part<HTMLInputElement>(this, 'input[data-my-model]'),
      name: this.querySelector<HTMLElement>('[data-my-model-name]'),
      next: 'press "Compute in this browser" for its slice (the reference pair stays as it is; tick it too to recompute both with the same settings)',
      status: (text) => showStatus(this, text),
      onModel: (_, uploaded) => {
        if (uploaded) part<HTMLInputElement>(this, 'input[data-pair]').checked = false;
      },
    });
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

  private async loadShipped(): Promise<void> {
    try {
      const res = await fetch(SHIPPED_LANDSCAPE.url);
      if (!res.ok) throw new Error(`Could not load ${SHIPPED_LANDSCAPE.url} (HTTP ${res.status}).`);
      const f = parseLandscapeFile(await res.json());
      if (this.slices.has('0')) return;
      f.nets.forEach((n, k) => this.slices.set(String(k), { label: labelOf(n.id), size: f.size, span: f.span, losses: Float64Array.from(n.losses), stride: 1 }));
      part<HTMLElement>(this, '[data-source]').textContent = `Precomputed with \`${f.command}\`: a ${f.size}×${f.size} grid over [−${f.span}, ${f.span}]², seed ${f.seed}, the first ${f.images} training images.`;
      if (!this.run) this.dataset.state = 'shipped';
      if (!this.run) showStatus(this, 'Showing the precomputed slice. Press "Compute in this browser" to recompute it here with the settings above.');
      this.draw();
    } catch (e) {
      showStatus(this, `${e instanceof Error ? e.message : String(e)} Press "Compute in this browser" to compute a slice here.`);
    }
  }

  private async compute(): Promise<void> {
    const { settings: s, problems } = this.read();
    showProblems(this, problems);
    if (problems.length) return;
    const pair = part<HTMLInputElement>(this, 'input[data-pair]').checked;
    const wantMine = part<HTMLInputElement>(this, 'input[data-my-model]').checked;
    const mine = wantMine ? await this.mine?.get() ?? null : null;
    if (wantMine && !mine) return showProblems(this, [NO_MODEL]);
    if (!pair && !mine) return showProblems(this, ['Tick the reference pair, your model, or both.']);
    history.replaceState(null, '', `?${writeSettings(landscapeTable, s)}`);
    const backend = await chooseBackend(localStorage);
    if (!this.client) {
      this.client = new ProbeClient();
      this.client.on((m) => this.onMessage(m));
    }
    this.started = performance.now();
    delete this.dataset.firstSeconds;
    delete this.dataset.seconds;
    this.run = this.client.landscape(s, backend, { pair, mine });
    this.dataset.state = 'running';
    part<HTMLButtonElement>(this, '[data-stop]').disabled = false;
    const grid = `a ${s.size}×${s.size} grid over [−${s.span}, ${s.span}]², seed ${s.seed}`;
    const images = `the first ${s.images} images of CIFAR-10's training set (data_batch_1 in file order, no augmentation)`;
    this.pending = {
      pair: `Computed in this browser: ${grid}, ${images}; coarse levels first.`,
      mine: mine ? `My model (${mine.label}): computed in this browser on ${grid}; the loss is the mean cross-entropy over ${images}, with the BatchNorm statistics stored in your file. If your model was trained on CIFAR-10's training set, these images were among its training data.` : '',
    };
    showStatus(this, 'Starting…');
  }

  private onMessage(m: ProbeMessage): void {
    if (m.type === 'ready') {
      part<HTMLElement>(this, '[data-backend-note]').textContent = `Computing on ${m.backend}.${m.note ? ` ${m.note}` : ''}`;
      return;
    }
    if (m.run !== this.run) return;
    if (m.type === 'status') showStatus(this, m.message);
    else if (m.type === 'error') this.finish(`Error: ${m.message}`, 'error');
    else if (m.type === 'memory') this.dataset.tensors = String(m.numTensors);
    else if (m.type === 'landscape/begin') {
      const size = m.coords.length;
      this.live = new Map(m.nets.map((n, k) => [n.id === MY_NET.key ? MINE_BOX : String(k), { label: n.label, size, span: m.coords.at(-1)!, losses: new Float64Array(size * size).fill(Number.NaN), stride: null }]));
      this.stride = null;
    } else if (m.type === 'landscape/point') {
      const live = [...this.live];
      const slice = live[m.net]?.[1];
      if (!slice) return;
      slice.losses[m.j * slice.size + m.i] = m.loss;
      showStatus(this, `${m.done} of ${m.total} losses computed (${Math.round((100 * m.done) / m.total)}%)`);
      // The run's slices sharpen together: each is drawn at the finest level complete in all of them.
      const strides = live.map(([, sl]) => finestCompleteStride(sl.losses, sl.size));
      const stride = strides.some((v) => v === null) ? null : Math.max(...(strides as number[]));
      if (stride !== null && stride !== this.stride) {
        if (this.stride === null) this.showLive();
        this.stride = stride;
        for (const [, sl] of live) sl.stride = stride;
        this.dataset.firstSeconds ??= ((performance.now() - this.started) / 1000).toFixed(1);
        this.dataset.stride = String(stride);
        this.draw();
      }
    } else if (m.type === 'done') {
      this.dataset.seconds = ((performance.now() - this.started) / 1000).toFixed(1);
      this.finish(`${m.stopped ? 'Stopped' : 'Done'} after ${m.seconds.toFixed(1)} s.`, m.stopped ? 'stopped' : 'done');
    }
  }

  /** The run's slices take their boxes (and captions) from what was shown there. */
  private showLive(): void {
    for (const [box, sl] of this.live) this.slices.set(box, sl);
    if (this.live.has('0')) part<HTMLElement>(this, '[data-source]').textContent = this.pending.pair;
    if (this.live.has(MINE_BOX)) part<HTMLElement>(this, '[data-mine-source]').textContent = this.pending.mine;
  }

  private finish(text: string, state: string): void {
    showStatus(this, text);
    this.dataset.state = state;
    part<HTMLButtonElement>(this, '[data-stop]').disabled = true;
  }

  private draw(): void {
    const drawn = [...this.slices].filter(([, sl]) => sl.stride !== null).map(([box, sl]): [string, SliceSpec] => {
      const g = subGrid(sl.losses, sl.size, sl.stride!);
      return [box, { label: sl.label, size: g.size, values: g.values, span: sl.span }];
    });
    const levels = logLevels(drawn.map(([, sl]) => sl));
    const angle = Number(part<HTMLInputElement>(this, '[data-angle]').value);
    const summaries: string[] = [];
    for (const [key, sl] of drawn) {
      const box = this.querySelector<HTMLElement>(`.slice[data-net="${key}"]`);
      if (!box) continue;
      box.hidden = false;
      const contour = layoutContour(sl, levels, 320);
      renderContour(part<SVGSVGElement>(box, 'svg[data-view="contour"]'), contour);
      renderSurface(part<SVGSVGElement>(box, 'svg[data-view="surface"]'), layoutSurface(sl, levels, angle, 320));
      summaries.push(contour.summary);
    }
    part<HTMLElement>(this, '[data-summary]').textContent = summaries.join(' ');
  }
}

if (!customElements.get('landscape-lab')) customElements.define('landscape-lab', LandscapeLabElement);
