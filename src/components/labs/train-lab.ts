/**
 * <train-lab>: ResNet-20 on the 45,000/5,000 split through the training client (a worker), with progress, curves,
 * the tutorial's log lines, pause/resume/stop, resumption from the IndexedDB checkpoint after a reload, and at the
 * end a test report, downloads and a hand-over to the block stepper.
 */
import { showProblems, showStatus } from '../form-parts.ts';
import { createTrainClient, type Message, type TrainClient } from '../../client/train-client.ts';
import { RUN_ID, trainBackend, downloadTfjs, finalReport, sendToStepper, startRequest, testImageBytes, type StartWeights } from '../../client/labs/train-lab.ts';
import type { UploadedModel } from '../../client/weights-upload.ts';
import { describeConfig } from '../../core/model/options.ts';
import { modelName } from '../../core/model/detect.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import type { RunCurves } from '../../core/train/run-curves.ts';
import { projectFullRecipe } from '../../core/train/projection.ts';
import { formatCount, formatDuration } from '../../core/format.ts';
import type { BackendName } from '../../lib/backend/index.ts';
import { readSettings, writeSettings } from '../../core/labs/settings.ts';
import { trainTable, type TrainSettings } from '../../core/labs/lab-tables.ts';
import { trainLabExport } from '../../core/export/from-train-lab.ts';
import { exportProjectTar } from '../../client/export-project.ts';
import { downloadBytes } from '../../client/download.ts';
import { renderCurveChart } from '../../viz/curveChart.ts';
import { layoutCurveChart } from '../../viz/curveLayout.ts';
import { trainPanels, type TrainPoint, type ValPoint } from '../../viz/labs/train-panels.ts';
import { part } from '../near.ts';
import { renderReport } from './train-report-view.ts';

type Btn = 'start' | 'resume-saved' | 'pause' | 'resume' | 'stop' | 'forget' | 'evaluate';

class TrainLabElement extends HTMLElement {
  private client: TrainClient | null = null;
  /** The backend the client was asked for (what it got is client.backend: a worker may fall back). */
  private clientPref: BackendName | null = null;
  private settings!: TrainSettings;
  private train: TrainPoint[] = [];
  private val: ValPoint[] = [];
  private log: string[] = [];
  /** Uploaded weights the next new run starts from (null: the seeded initialisation of ResNet-20). */
  private from: (StartWeights & { label: string }) | null = null;
  /** The network of the run on show (the weights' file names use it). */
  private runModel: ModelConfig | null = null;
  private overlay: RunCurves | null = null;
  /** The running run's batch size (the projection is measured at it). */
  private runBatch = 0;

  connectedCallback(): void {
    const { settings, problems } = readSettings(trainTable, location.search);
    this.settings = settings;
    const form = part<HTMLFormElement>(this, 'form');
    for (const [k, spec] of Object.entries(trainTable) as [keyof TrainSettings, (typeof trainTable)[keyof TrainSettings]][]) {
      const el = form.elements.namedItem(spec.key);
      if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) el.value = (spec.format as (v: unknown) => string)(settings[k]);
    }
    showProblems(this, problems);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.start('never');
    });
    this.btn('resume-saved').onclick = () => void this.start('auto');
    this.btn('pause').onclick = () => this.client?.pause();
    this.btn('resume').onclick = () => this.client?.resume();
    this.btn('stop').onclick = () => this.client?.stop();
    this.btn('forget').onclick = () => void this.client?.forgetRun(RUN_ID).then(() => this.checkSaved());
    this.btn('evaluate').onclick = () => void this.evaluate();
    const fileName = () => `${this.runModel ? describeConfig(this.runModel).split(' ')[0] : 'resnet20'}-mine`;
    part<HTMLButtonElement>(this, '[data-download="safetensors"]').onclick = () => void this.client?.weights().then((b) => downloadBytes(b, `${fileName()}.safetensors`));
    part<HTMLButtonElement>(this, '[data-download="tfjs"]').onclick = () => void this.client?.weights().then((b) => downloadTfjs(b, fileName()));
    this.addEventListener('weights-model', (e) => this.startFrom((e as CustomEvent<UploadedModel>).detail));
    part<HTMLButtonElement>(this, '[data-from-init]').onclick = () => this.startFrom(null);
    part<HTMLButtonElement>(this, '[data-export-pytorch]').onclick = () => void this.exportPytorch();
    this.addEventListener('run-curves', (e) => {
      this.overlay = (e as CustomEvent<RunCurves | null>).detail;
      this.draw();
    });
    part<HTMLButtonElement>(this, '[data-send]').onclick = () => void this.send();
    this.enable({ start: false });
    document.addEventListener('backend-change', this.onBackendChange);
    void this.connect();
  }

  /** Where the next new run starts: uploaded weights (any network the site builds) or the seeded initialisation. */
  private startFrom(m: UploadedModel | null): void {
    this.from = m ? { bytes: m.bytes, config: m.config, label: m.label } : null;
    const note = part<HTMLElement>(this, '[data-start-from]');
    note.firstChild!.textContent = m
      ? `The next new run continues from "${m.fileName}" (${m.label}) with the recipe above; the optimizer starts afresh. `
      : 'Starts from the site\'s seeded initialisation of ResNet-20. ';
    part<HTMLElement>(this, '[data-from-init]').hidden = m === null;
    this.dataset.startFrom = m ? m.label : '';
  }

  disconnectedCallback(): void {
    document.removeEventListener('backend-change', this.onBackendChange);
    this.client?.dispose();
  }

  /** A backend chosen in the BackendPicker: applies from the next start; a run in progress keeps its backend. */
  private readonly onBackendChange = (e: Event): void => {
    const b = (e as CustomEvent<{ backend: BackendName }>).detail.backend;
    if (this.settings.backend !== 'auto' || this.client === null || b === this.clientPref) return;
    const busy = this.dataset.state === 'training' || this.dataset.state === 'paused' || this.dataset.state === 'starting';
    part<HTMLElement>(this, '[data-backend-next]').textContent = busy
      ? `This run keeps training on ${this.client.backend}; the next run (or a resumed saved run) will use ${b}.`
      : `The next run will use ${b}.`;
  };

  private btn(name: Btn): HTMLButtonElement {
    return part<HTMLButtonElement>(this, `[data-action="${name}"]`);
  }

  private enable(state: Partial<Record<Btn, boolean>>): void {
    for (const [k, v] of Object.entries(state)) this.btn(k as Btn).disabled = !v;
  }

  private async connect(): Promise<void> {
    showStatus(this, 'Starting TensorFlow.js in a worker…');
    try {
      this.clientPref = await trainBackend(this.settings);
      this.client = await createTrainClient({ backend: this.clientPref });
      this.client.on((m) => this.onMessage(m));
      part<HTMLElement>(this, '[data-where]').textContent = `Training runs ${this.client.where === 'worker' ? 'in a worker' : 'on this page'} on ${this.client.backend}.${this.client.note ? ` ${this.client.note}` : ''}`;
      this.dataset.backend = this.client.backend;
      this.enable({ start: true });
      await this.checkSaved();
    } catch (e) {
      showProblems(this, `Training cannot start here: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async checkSaved(): Promise<void> {
    const info = await this.client?.savedRun(RUN_ID);
    const saved = part<HTMLElement>(this, '[data-saved]');
    this.enable({ 'resume-saved': !!info, forget: !!info });
    this.dataset.savedStep = info ? String(info.step) : '';
    saved.textContent = info
      ? `A run is saved in this browser at step ${info.step} of ${info.totalSteps} (epoch ${info.epoch + 1}, ${info.recipe}). Resume it, or start a new one.`
      : 'No saved run in this browser.';
    if (this.dataset.state === undefined) showStatus(this, info ? 'Ready: a saved run can be resumed.' : 'Ready.');
  }

  /** The form's settings as typed now, with the problems reading them found. */
  private formSettings(): ReturnType<typeof readSettings<TrainSettings>> {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(part<HTMLFormElement>(this, 'form'))) if (typeof v === 'string') params.set(k, v);
    // The form has no backend field (the BackendPicker chooses); a link's backend= stays in force.
    params.set(trainTable.backend.key, trainTable.backend.format(this.settings.backend));
    return readSettings(trainTable, params.toString());
  }

  /** Downloads the PyTorch project that trains the run these settings describe (the files of npm run export). */
  private async exportPytorch(): Promise<void> {
    const note = part<HTMLElement>(this, '[data-export-note]');
    const { settings, problems } = this.formSettings();
    showProblems(this, problems);
    if (problems.length) return;
    const { request, differences } = trainLabExport(settings, { startsFromUpload: this.from !== null });
    try {
      const { bytes, fileName } = await exportProjectTar(request);
      downloadBytes(bytes, fileName);
      note.textContent = `Downloaded ${fileName}: unpack it (tar xf ${fileName}), then follow its README (python train.py, or torchrun for several processes).${differences.length ? ` ${differences.join(' ')}` : ''}`;
    } catch (e) {
      note.textContent = `The export failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  private async start(resume: 'auto' | 'never'): Promise<void> {
    if (!this.client) return;
    const { settings, problems } = this.formSettings();
    showProblems(this, problems);
    if (problems.length) return;
    const backendChanged = (await trainBackend(settings)) !== this.clientPref;
    this.settings = settings;
    history.replaceState(null, '', `?${writeSettings(trainTable, settings)}`);
    if (backendChanged) {
      this.client.dispose();
      this.client = null;
      await this.connect();
      if (!this.client) return;
    }
    part<HTMLElement>(this, '[data-backend-next]').textContent = '';
    part<HTMLElement>(this, '[data-report]').hidden = true;
    this.client.start(startRequest(settings, resume, resume === 'never' ? this.from : null));
    this.dataset.state = 'starting';
    this.enable({ start: false, 'resume-saved': false, pause: true, stop: true, evaluate: false });
  }

  private onMessage(m: Message): void {
    if (m.type === 'status') {
      showStatus(this, m.message);
      this.dataset.runStatus = m.status;
    } else if (m.type === 'data/progress') showStatus(this, `${m.stage} (${Math.round(100 * m.fraction)}%)`);
    else if (m.type === 'run/started') {
      this.dataset.state = 'training';
      this.dataset.resumedFrom = m.resumedFrom === null ? '' : String(m.resumedFrom);
      this.runModel = m.model;
      this.runBatch = m.recipe.batchSize;
      this.dataset.model = describeConfig(m.model);
      this.train = m.curves.train.map((p) => ({ epoch: p.epoch, loss: p.loss, error: p.error }));
      this.val = m.curves.val.map((p) => ({ epoch: p.epoch, accuracy: p.accuracy }));
      this.log = [...m.curves.log];
      part<HTMLProgressElement>(this, 'progress').max = m.totalSteps;
      this.draw();
    } else if (m.type === 'event') this.onEvent(m.event);
    else if (m.type === 'checkpoint/saved') {
      this.dataset.checkpointStep = String(m.info.step);
      part<HTMLElement>(this, '[data-saved]').textContent = `Checkpoint saved in this browser at step ${m.info.step}: a reload resumes from there.`;
    } else if (m.type === 'checkpoint/off') part<HTMLElement>(this, '[data-saved]').textContent = `Checkpoints are off: ${m.reason}`;
    else if (m.type === 'error') showProblems(this, m.message);
  }

  /** The paper's full recipe at this run's measured speed (issue 16: the goal is 4 hours or less on 2 cores). */
  private project(imagesPerSecond: number): void {
    if (!(imagesPerSecond > 0)) return;
    const p = projectFullRecipe(imagesPerSecond);
    part<HTMLElement>(this, '[data-projection]').textContent = `At this speed (${this.runModel ? modelName(this.runModel) : 'this net'}, batch ${this.runBatch}) an epoch of 45,000 images takes ` +
      `${formatDuration(p.epochSeconds)} of training; the paper's full recipe (${formatCount(p.steps)} updates of ${p.batchSize}, ` +
      `about ${Math.round(p.epochs)} epochs) would take about ${formatDuration(p.totalSeconds)} here, validation not included.`;
  }

  private onEvent(e: Extract<Message, { type: 'event' }>['event']): void {
    if (e.type === 'progress') {
      // The event's point, not its 1-based epoch: live points then continue the restored curve without a jump.
      this.train.push({ epoch: e.point.epoch, loss: e.point.loss, error: e.point.error });
      part<HTMLProgressElement>(this, 'progress').value = e.step;
      showStatus(this, `Epoch ${e.epoch} · step ${e.step} of ${e.totalSteps} · ${Math.round(e.imagesPerSecond)} images/s · about ${formatDuration(e.etaSeconds)} left`);
      this.project(e.imagesPerSecond);
      this.dataset.step = String(e.step);
    } else if (e.type === 'validation') {
      this.val.push({ epoch: e.point.epoch, accuracy: e.point.accuracy });
      this.log.push(e.line);
    } else if (e.type === 'checkpoint-due') {
      // The worker saves; the 'checkpoint/saved' message that follows updates the page.
      return;
    } else if (e.type === 'paused') {
      showStatus(this, `Paused at step ${e.step}.`);
      this.dataset.state = 'paused';
      this.enable({ pause: false, resume: true });
      return;
    } else if (e.type === 'end') {
      this.dataset.state = 'ended';
      const bar = part<HTMLProgressElement>(this, 'progress');
      if (e.reason === 'completed') bar.value = bar.max;
      this.dataset.endReason = e.reason;
      showStatus(this, e.message);
      // The status line is soon overwritten by the test evaluation; the log keeps why the run ended.
      this.log.push(e.message);
      this.enable({ start: true, pause: false, resume: false, stop: false, evaluate: e.reason !== 'diverged' });
      if (e.reason === 'completed' || e.reason === 'early-stop') void this.evaluate();
    }
    if (this.dataset.state === 'paused' && e.type === 'progress') {
      this.dataset.state = 'training';
      this.enable({ pause: true, resume: false });
    }
    this.draw();
  }

  private draw(): void {
    const [train, val] = trainPanels(this.train, this.val, this.overlay);
    const size = { width: 340, height: 240 };
    renderCurveChart(part(this, 'svg[data-curve="train"]'), layoutCurveChart(train, size));
    renderCurveChart(part(this, 'svg[data-curve="val"]'), layoutCurveChart(val, size));
    part<HTMLElement>(this, '[data-log]').textContent = this.log.slice(-200).join('\n');
  }

  private async evaluate(): Promise<void> {
    if (!this.client) return;
    this.dataset.report = 'running';
    try {
      const weights = await this.client.weights();
      const report = await finalReport(weights, this.settings.test, (d, t) => showStatus(this, `Testing: ${d.toLocaleString('en-US')} of ${t.toLocaleString('en-US')} test images`));
      const box = part<HTMLElement>(this, '[data-report]');
      box.hidden = false;
      await renderReport(box, report, testImageBytes);
      this.dataset.report = 'done';
      this.dataset.result = report.accuracy.toFixed(4);
      showStatus(this, `Test accuracy ${(100 * report.accuracy).toFixed(1)}% on ${report.n.toLocaleString('en-US')} images.`);
    } catch (e) {
      this.dataset.report = 'error';
      showProblems(this, `The test evaluation failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async send(): Promise<void> {
    if (!this.client) return;
    await sendToStepper(await this.client.weights());
    part<HTMLElement>(this, '[data-sent]').hidden = false;
  }
}

if (!customElements.get('train-lab')) customElements.define('train-lab', TrainLabElement);
