/**
 * <degradation-lab>: the race of plain and residual nets. Settings come from and go to the URL; the race runs in a
 * worker (RaceClient); its events become RunRecords drawn as live curves, earlier runs dimmed until cleared.
 */
import { showProblems, showStatus } from '../form-parts.ts';
import { chooseBackend } from '../../client/backend.ts';
import { RaceClient, type RaceMessage } from '../../client/labs/race-client.ts';
import { netLabel } from '../../core/labs/net-label.ts';
import { mergeQuery, readSettings, writeSettings } from '../../core/labs/settings.ts';
import { degradationTable, type DegradationSettings } from '../../core/labs/degradation-settings.ts';
import { renderCurveChart } from '../../viz/curveChart.ts';
import { layoutCurveChart } from '../../viz/curveLayout.ts';
import { finalErrors, latestErrors, newRecord, racePanels, recordEvent, type RunRecord } from '../../viz/labs/race-panels.ts';
import type { RunCurves } from '../../core/train/run-curves.ts';
import { layoutGradStrip, logRange, renderGradStrip, type GradSamples } from '../../viz/labs/grad-strip.ts';
import { paramUnits } from '../../core/model/naming.ts';
import { RACE_END_EVAL_IMAGES, raceEndEvalImages } from '../../core/labs/race-config.ts';
import { NetEditor } from './net-editor.ts';
import { part } from '../near.ts';
import { exportRaceTar } from '../../client/export-project.ts';
import { downloadBytes } from '../../client/download.ts';

class DegradationLabElement extends HTMLElement {
  private client: RaceClient | null = null;
  private editor!: NetEditor;
  private runs: RunRecord[] = [];
  /** A run made elsewhere (a PyTorch curves.json), drawn dashed by step. */
  private overlay: RunCurves | null = null;
  private liveRun = 0;
  private liveSettings: DegradationSettings | null = null;
  private frame = 0;

  connectedCallback(): void {
    this.addEventListener('run-curves', (e) => {
      this.overlay = (e as CustomEvent<RunCurves | null>).detail;
      this.draw();
    });
    const form = part<HTMLFormElement>(this, 'form');
    this.editor = new NetEditor(part(this, '[data-nets]'));
    const { settings, problems } = readSettings(degradationTable, location.search);
    this.fill(settings);
    showProblems(this, problems);
    // The address bar follows the form, so the depth sweep (and a copied link) sees the settings as they are.
    form.addEventListener('change', () => {
      const r = this.read();
      if (r.problems.length === 0) history.replaceState(null, '', `?${mergeQuery(location.search, writeSettings(degradationTable, r.settings))}`);
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.train();
    });
    document.addEventListener('backend-change', this.onBackendChange);
    part<HTMLButtonElement>(this, '[data-stop]').onclick = () => this.client?.stop();
    part<HTMLButtonElement>(this, '[data-export-pytorch]').onclick = () => void this.exportPytorch();
    part<HTMLButtonElement>(this, '[data-clear]').onclick = () => {
      this.runs = this.runs.filter((r) => r.run === this.liveRun);
      this.draw();
    };
    this.draw();
    part<HTMLButtonElement>(this, '[data-train]').disabled = false;
    this.dataset.state = 'idle';
  }

  disconnectedCallback(): void {
    document.removeEventListener('backend-change', this.onBackendChange);
    this.client?.dispose();
    this.client = null;
  }

  /** Puts settings into the form fields (named by URL key) and the net editor. */
  private fill(s: DegradationSettings): void {
    const form = part<HTMLFormElement>(this, 'form');
    for (const field of Object.keys(degradationTable) as (keyof DegradationSettings)[]) {
      const spec = degradationTable[field];
      const input = form.elements.namedItem(spec.key);
      if (input instanceof HTMLInputElement || input instanceof HTMLSelectElement) input.value = (spec.format as (v: unknown) => string)(s[field]);
    }
    this.editor.nets = s.nets;
  }

  /** The form as settings (the form's fields are named by URL key, so FormData is the query string). */
  private read(): { settings: DegradationSettings; problems: readonly string[] } {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(part<HTMLFormElement>(this, 'form'))) if (typeof v === 'string') params.set(k, v);
    params.set(degradationTable.nets.key, degradationTable.nets.format(this.editor.nets));
    return readSettings(degradationTable, params.toString());
  }

  /** A backend chosen in the BackendPicker: the worker switches at the next race, never under a running one. */
  private readonly onBackendChange = (e: Event): void => {
    const b = (e as CustomEvent<{ backend: string }>).detail.backend;
    if (this.dataset.state === 'running' && b !== this.dataset.backend) {
      part<HTMLElement>(this, '[data-backend-note]').textContent = `Training on ${this.dataset.backend ?? 'the earlier backend'}; the next race will use ${b}.`;
    }
  };

  /** Downloads the PyTorch project that trains the race the form describes (the files of npm run export --race). */
  private async exportPytorch(): Promise<void> {
    const note = part<HTMLElement>(this, '[data-export-note]');
    const { settings, problems } = this.read();
    showProblems(this, problems);
    if (problems.length) {
      note.textContent = 'Fix the settings above to export the race.';
      return;
    }
    try {
      const { bytes, fileName } = await exportRaceTar(settings);
      downloadBytes(bytes, fileName);
      note.textContent = `Downloaded ${fileName}: unpack it (tar xf ${fileName}), then follow its README (python train.py trains every net in turn; --net NAME one). Overlay a net's run/<net>/curves.json below.`;
    } catch (e) {
      note.textContent = `The export failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  private async train(): Promise<void> {
    const { settings, problems } = this.read();
    showProblems(this, problems);
    if (problems.length) return;
    history.replaceState(null, '', `?${mergeQuery(location.search, writeSettings(degradationTable, settings))}`);
    // The site's choice (BackendPicker); the worker falls back, and says why, if it cannot start there.
    const backend = await chooseBackend(localStorage);
    this.client ??= this.connect();
    this.liveRun = this.client.start(settings, backend);
    this.runs.push(newRecord(this.liveRun, settings.nets.map(netLabel)));
    this.liveSettings = settings;
    this.dataset.state = 'running';
    this.dataset.run = String(this.liveRun);
    part<HTMLButtonElement>(this, '[data-stop]').disabled = false;
    part<HTMLElement>(this, '[data-verdict]').textContent = '';
    showStatus(this, 'Starting…');
    this.draw();
  }

  private connect(): RaceClient {
    const client = new RaceClient();
    client.on((m) => this.onMessage(m));
    return client;
  }

  private onMessage(m: RaceMessage): void {
    if (m.type === 'ready') {
      this.dataset.backend = m.backend;
      part<HTMLElement>(this, '[data-backend-note]').textContent = `Training on ${m.backend}.${m.note ? ` ${m.note}` : ''}`;
      return;
    }
    if (m.run !== this.liveRun) return;
    if (m.type === 'status') showStatus(this, m.message);
    else if (m.type === 'error') this.finish(`Error: ${m.message}`);
    else if (m.type === 'memory') this.dataset.tensors = String(m.numTensors);
    else if (m.type === 'race/event') this.onEvent(m.run, m.event);
  }

  private onEvent(run: number, e: Extract<RaceMessage, { type: 'race/event' }>['event']): void {
    const at = this.runs.findIndex((r) => r.run === run);
    const rec = this.runs[at];
    if (!rec) return;
    this.runs[at] = recordEvent(rec, e);
    if (e.type === 'train') this.dataset.errors = JSON.stringify(latestErrors(this.runs[at]!).map((v) => Number(v.toFixed(4))));
    if (e.type === 'tick') {
      showStatus(this, `Step ${e.step} of ${e.totalSteps} · ${Math.round(e.imagesPerSecond)} images/s over all nets · ${e.elapsedSeconds.toFixed(0)} s`);
    } else if (e.type === 'diverged') {
      part<HTMLElement>(this, '[data-verdict]').textContent = e.message;
    } else if (e.type === 'end') {
      const how = { completed: 'Finished', stopped: 'Stopped', diverged: 'Every net diverged; ended' }[e.reason];
      this.finish(`${how} after ${e.step} steps in ${e.elapsedSeconds.toFixed(0)} s.`);
      this.verdict(this.runs[at]!);
    }
    this.scheduleDraw();
  }

  private finish(text: string): void {
    showStatus(this, text);
    this.dataset.state = 'done';
    part<HTMLButtonElement>(this, '[data-stop]').disabled = true;
  }

  /** One sentence comparing the nets' final training errors, and the numbers for tests. */
  private verdict(rec: RunRecord): void {
    const errs = finalErrors(rec);
    this.dataset.finalErrors = JSON.stringify(errs.map((e) => Number(e.toFixed(4))));
    const parts = rec.labels.map((l, i) => `${l} ${Number.isNaN(errs[i]!) ? 'diverged' : `${(100 * errs[i]!).toFixed(1)}%`}`);
    const images = this.liveSettings ? raceEndEvalImages(this.liveSettings.train) : RACE_END_EVAL_IMAGES;
    part<HTMLElement>(this, '[data-verdict]').textContent = `Training error at the end, on the same ${images} training images for every net: ${parts.join(', ')}.`;
  }

  private scheduleDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    // The overlay takes the colour of its net in the race on the chart, or in the form before any race.
    const panels = racePanels(this.runs, this.overlay, this.runs.at(-1)?.labels ?? this.editor.nets.map(netLabel));
    const svgs = this.querySelectorAll<SVGSVGElement>('svg[data-panel]');
    panels.forEach((p, i) => {
      const svg = svgs[i];
      if (svg) renderCurveChart(svg, layoutCurveChart(p, { width: 340, height: 240 }));
    });
    this.drawStrips();
  }

  /** The live run's gradient strips, one per net, on one shared log scale. */
  private drawStrips(): void {
    const box = part<HTMLElement>(this, '[data-strips]');
    const rec = this.runs.find((r) => r.run === this.liveRun);
    const s = this.liveSettings;
    if (!rec || !s) return;
    const nets: GradSamples[] = rec.labels.map((label, i) => ({ label, units: paramUnits(s.nets[i]!.n), samples: rec.grads[i] ?? [] }));
    while (box.children.length > nets.length) box.lastElementChild!.remove();
    while (box.children.length < nets.length) box.append(document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
    const range = logRange(nets);
    nets.forEach((n, i) => {
      const svg = box.children[i] as SVGSVGElement;
      svg.dataset.strip = String(i);
      renderGradStrip(svg, layoutGradStrip(n, s.steps, range, { width: 340, height: 130 }));
    });
    const legend = part<HTMLElement>(this, '[data-strip-range]');
    legend.textContent = range ? `Shade: gradient norm from ${(10 ** range[0]).toExponential(1)} (palest) to ${(10 ** range[1]).toExponential(1)} (darkest), log scale, shared by the nets.` : '';
  }
}

if (!customElements.get('degradation-lab')) customElements.define('degradation-lab', DegradationLabElement);
