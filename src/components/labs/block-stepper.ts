/**
 * <block-stepper>: one image through one block of a trained net, stage by stage (x, conv1, bn1, ReLU, conv2,
 * bn2 = F(x), shortcut, sum, out), with feature-map grids, shapes, F(x)-vs-shortcut norms and class probabilities.
 * Settings (image, net, block, stage) live in the URL.
 */
import { showProblems } from '../form-parts.ts';
import { inspect, loadStepperModel, setMyModel, testImage, testImages, uploadedImage, type Inspection, type StepperNet } from '../../client/labs/stepper.ts';
import type { UploadedModel } from '../../client/weights-upload.ts';
import { planBlocks, type BlockPlan } from '../../core/model/architecture.ts';
import { CLASS_NAMES } from '../../core/data/cifar10.ts';
import { BLOCK_TAPS } from '../../core/model/naming.ts';
import { readSettings, writeSettings } from '../../core/labs/settings.ts';
import { stepperTable, type StepperSettings } from '../../core/labs/lab-tables.ts';
import { argmax, channelNorms, layoutNormBars, layoutProbBars, renderNormBars, renderProbBars } from '../../viz/labs/bars.ts';
import { layoutFeatureGrid, renderFeatureGrid, robustLimit } from '../../viz/labs/feature-grid.ts';
import { layoutNetDiagram, renderNetDiagram } from '../../viz/labs/net-diagram.ts';
import { part, whenNear } from '../near.ts';
import { stageText } from './stages.ts';

type Shape3 = [number, number, number];
type Model = Awaited<ReturnType<typeof loadStepperModel>>;

class BlockStepperElement extends HTMLElement {
  private s!: StepperSettings;
  private models = new Map<StepperNet, Model>();
  private upload: { bytes: Uint8Array; name: string } | null = null;
  private result: Inspection | null = null;
  /** The other net's inspection of the same image and block, when comparing. */
  private other: { net: StepperNet; result: Inspection | null } | null = null;
  private busy = 0;

  connectedCallback(): void {
    const { settings, problems } = readSettings(stepperTable, location.search);
    this.s = settings;
    showProblems(this, problems);
    part<HTMLSelectElement>(this, '[name="net"]').value = settings.net;
    part<HTMLInputElement>(this, '[name="img"]').value = String(settings.img);
    part<HTMLInputElement>(this, '[name="compare"]').checked = settings.compare === 'on';
    this.wire();
    this.addEventListener('weights-model', (e) => void this.onWeights((e as CustomEvent<UploadedModel>).detail));
    whenNear(this, () => void this.refresh());
  }

  /** An upload becomes "my model" (any depth): the previous one is freed, the view switches to it. */
  private async onWeights(m: UploadedModel): Promise<void> {
    const note = await setMyModel(m.bytes, m.config);
    this.models.get('mine')?.dispose();
    this.models.delete('mine');
    part<HTMLSelectElement>(this, '[name="net"]').value = 'mine';
    showProblems(this, note ?? '');
    this.set({ net: 'mine' });
  }

  /** The block plan of the net on show (from its configuration: any depth, plain or residual, option A or B). */
  private plan(net: StepperNet = this.s.net): BlockPlan[] {
    const m = this.models.get(net);
    return m ? planBlocks(m.config) : [];
  }

  disconnectedCallback(): void {
    for (const m of this.models.values()) m.dispose();
    this.models.clear();
  }

  private wire(): void {
    part<HTMLSelectElement>(this, '[name="net"]').onchange = (e) => this.set({ net: (e.target as HTMLSelectElement).value as StepperNet });
    const img = part<HTMLInputElement>(this, '[name="img"]');
    img.onchange = () => this.pickTest(Number(img.value));
    part<HTMLButtonElement>(this, '[data-prev-img]').onclick = () => this.pickTest(this.s.img - 1);
    part<HTMLButtonElement>(this, '[data-next-img]').onclick = () => this.pickTest(this.s.img + 1);
    part<HTMLInputElement>(this, '[name="compare"]').onchange = (e) => this.set({ compare: (e.target as HTMLInputElement).checked ? 'on' : 'off' });
    part<HTMLButtonElement>(this, '[data-back]').onclick = () => this.step(-1);
    part<HTMLButtonElement>(this, '[data-forward]').onclick = () => this.step(1);
    part<HTMLSelectElement>(this, 'select[data-block]').onchange = (e) => this.set({ block: Number((e.target as HTMLSelectElement).value), stage: 0 });
    part<HTMLInputElement>(this, '[data-upload]').onchange = (e) => void this.onUpload((e.target as HTMLInputElement).files?.[0]);
    this.addEventListener('keydown', (e) => {
      if ((e.target as HTMLElement).closest('input, select')) return;
      if (e.key === 'ArrowRight') this.step(1);
      else if (e.key === 'ArrowLeft') this.step(-1);
    });
  }

  private pickTest(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i > 9999) {
      showProblems(this, `Test images are numbered 0 to 9999; ${i} is not one of them.`);
      return;
    }
    this.upload = null;
    part<HTMLInputElement>(this, '[name="img"]').value = String(i);
    this.set({ img: i });
  }

  private async onUpload(file: File | undefined): Promise<void> {
    if (!file) return;
    try {
      this.upload = { bytes: await uploadedImage(file), name: file.name };
      showProblems(this, '');
      void this.refresh();
    } catch (e) {
      showProblems(this, e instanceof Error ? e.message : String(e));
    }
  }

  /** Stages this net's chosen block really has (a plain block has no shortcut and no sum). */
  private stages(): readonly string[] {
    const have = new Set(this.result?.taps.map((t) => t.tap) ?? BLOCK_TAPS);
    return BLOCK_TAPS.filter((t) => have.has(t));
  }

  private step(d: number): void {
    const n = this.stages().length;
    this.set({ stage: Math.max(0, Math.min(n - 1, this.s.stage + d)) }, false);
  }

  private set(patch: Partial<StepperSettings>, recompute = true): void {
    this.s = { ...this.s, ...patch };
    history.replaceState(null, '', `?${writeSettings(stepperTable, this.s)}`);
    if (recompute) void this.refresh();
    else this.draw();
  }

  private async model(net: StepperNet): Promise<Model> {
    let m = this.models.get(net);
    if (!m) {
      m = await loadStepperModel(net);
      this.models.set(net, m);
    }
    return m;
  }

  /** Recomputes the inspection for the current image, net and block, then draws. */
  private async refresh(): Promise<void> {
    const ticket = ++this.busy;
    this.dataset.state = 'loading';
    part<HTMLElement>(this, '[data-status]').textContent = 'Loading the model and the test images…';
    try {
      const [model, image] = await Promise.all([this.model(this.s.net), this.image()]);
      const blocks = planBlocks(model.config).length;
      if (this.s.block >= blocks) {
        showProblems(this, `This net has ${blocks} blocks (0 to ${blocks - 1}); showing the last one instead of block ${this.s.block}.`);
        this.s = { ...this.s, block: blocks - 1 };
        history.replaceState(null, '', `?${writeSettings(stepperTable, this.s)}`);
      }
      const result = await inspect(model, image, this.s.block);
      const otherNet: StepperNet = this.s.net === 'plain20' ? 'resnet20' : 'plain20';
      let other: BlockStepperElement['other'] = null;
      if (this.s.compare === 'on') {
        const otherModel = await this.model(otherNet);
        other = { net: otherNet, result: this.s.block < planBlocks(otherModel.config).length ? await inspect(otherModel, image, this.s.block) : null };
      }
      if (ticket !== this.busy) return;
      this.result = result;
      this.other = other;
      this.drawImage(image);
      this.draw();
      this.dataset.state = 'ready';
      part<HTMLElement>(this, '[data-status]').textContent = '';
    } catch (e) {
      if (ticket !== this.busy) return;
      this.dataset.state = 'error';
      part<HTMLElement>(this, '[data-status]').textContent = '';
      showProblems(this, e instanceof Error ? e.message : String(e));
    }
  }

  private async image(): Promise<Uint8Array> {
    if (this.upload) return this.upload.bytes;
    return testImage(await testImages(), this.s.img);
  }

  private drawImage(bytes: Uint8Array): void {
    const canvas = part<HTMLCanvasElement>(this, 'canvas[data-image]');
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const rgba = new Uint8ClampedArray(32 * 32 * 4);
    for (let p = 0; p < 1024; p++) rgba.set([bytes[p * 3]!, bytes[p * 3 + 1]!, bytes[p * 3 + 2]!, 255], p * 4);
    ctx.putImageData(new ImageData(rgba, 32, 32), 0, 0);
  }

  private async truth(): Promise<number | undefined> {
    if (this.upload) return undefined;
    return (await testImages()).labels[this.s.img];
  }

  private draw(): void {
    const r = this.result;
    if (!r) return;
    const stages = this.stages();
    const stage = Math.min(this.s.stage, stages.length - 1);
    const tap = r.taps.find((t) => t.tap === stages[stage]) ?? r.taps[0]!;
    const block = this.plan()[this.s.block];
    const x = r.taps.find((t) => t.tap === 'x')!;
    const stride = block?.stride ?? (x.shape[1] === r.taps.find((t) => t.tap === 'conv1')!.shape[1] ? 1 : 2);
    const text = stageText(tap.tap, { stride, shortcut: block?.shortcut ?? (r.taps.some((t) => t.tap === 'shortcut') ? 'identity' : 'none') });
    part<HTMLElement>(this, '[data-stage-title]').textContent = `Stage ${stage + 1} of ${stages.length} · ${text.title}`;
    const shape = tap.shape.slice(1) as Shape3;
    part<HTMLElement>(this, '[data-stage-shape]').textContent = `Shape ${shape[0]}×${shape[1]}×${shape[2]} (height × width × channels).`;
    part<HTMLElement>(this, '[data-stage-note]').textContent = text.note;
    const limit = robustLimit(r.taps.map((t) => t.data));
    const grid = part<HTMLElement>(this, '[data-grid]');
    const map = { shape, data: tap.data };
    renderFeatureGrid(grid, map, layoutFeatureGrid(map, { width: Math.min(640, this.clientWidth || 640), limit }));
    this.dataset.stage = tap.tap;
    this.querySelectorAll<HTMLButtonElement>('[data-back]').forEach((b) => (b.disabled = stage === 0));
    this.querySelectorAll<HTMLButtonElement>('[data-forward]').forEach((b) => (b.disabled = stage === stages.length - 1));
    this.drawCompare(tap.tap, limit);
    this.drawStageList(stages, stage);
    this.drawBlocks();
    this.drawNorms(r);
    void this.truth().then((truth) => renderProbBars(part(this, 'svg[data-probs]'), layoutProbBars({ classes: CLASS_NAMES, probs: r.probs, truth }, 320)));
  }

  /** The other net at the same stage (on its own colour scale), or why it has no such stage. */
  private drawCompare(tap: string, ownLimit: number): void {
    const box = part<HTMLElement>(this, '[data-compare-view]');
    box.hidden = this.other === null;
    if (!this.other) return;
    const name = this.other.net === 'plain20' ? 'plain-20' : 'ResNet-20';
    const res = this.other.result;
    const t = res?.taps.find((a) => a.tap === tap);
    const grid = part<HTMLElement>(this, '[data-compare-grid]');
    part<HTMLElement>(this, '[data-compare-title]').textContent = `The same stage in ${name}`;
    if (!res) {
      grid.replaceChildren();
      part<HTMLElement>(this, '[data-compare-shape]').textContent = '';
      part<HTMLElement>(this, '[data-compare-note]').textContent = `${name} has ${this.plan(this.other.net).length} blocks, so it has no block ${this.s.block} to compare.`;
      return;
    }
    if (!t) {
      grid.replaceChildren();
      part<HTMLElement>(this, '[data-compare-shape]').textContent = '';
      part<HTMLElement>(this, '[data-compare-note]').textContent = `${name} has no skip connection: nothing is carried around this block, so there is no ${tap} stage.`;
      return;
    }
    const limit = robustLimit(res.taps.map((a) => a.data));
    const shape = t.shape.slice(1) as Shape3;
    part<HTMLElement>(this, '[data-compare-shape]').textContent = `Shape ${shape[0]}×${shape[1]}×${shape[2]}.`;
    const map = { shape, data: t.data };
    renderFeatureGrid(grid, map, layoutFeatureGrid(map, { width: Math.min(640, this.clientWidth || 640), limit }));
    part<HTMLElement>(this, '[data-compare-note]').textContent = `On ${name}'s own colour scale (±${limit.toPrecision(3)}; above: ±${ownLimit.toPrecision(3)}). Its prediction: ${CLASS_NAMES[argmax(res.probs)]} (${(100 * Math.max(...res.probs)).toFixed(1)}%).`;
  }

  private drawStageList(stages: readonly string[], current: number): void {
    const list = part<HTMLElement>(this, '[data-stages]');
    list.replaceChildren(...stages.map((s, i) => {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = s === 'bn2' ? 'bn2 = F(x)' : s;
      b.dataset.stage = s;
      if (i === current) b.setAttribute('aria-current', 'step');
      b.onclick = () => this.set({ stage: i }, false);
      li.append(b);
      return li;
    }));
  }

  /** The block chooser (diagram and list) from the net's block plan, whatever its depth. */
  private drawBlocks(): void {
    const plans = this.plan();
    const m = this.models.get(this.s.net);
    if (!m) return;
    const n = m.config.blocksPerStage;
    const svg = part<SVGSVGElement>(this, 'svg[data-blocks]');
    // The diagram draws three stages (every net of the site); other stage counts keep the list only.
    svg.style.display = m.config.widths.length === 3 ? '' : 'none';
    if (m.config.widths.length === 3) {
      const view = layoutNetDiagram({ n, skips: plans.map((b) => b.shortcut !== 'none'), selected: this.s.block }, { width: 480, mode: 'select' });
      renderNetDiagram(svg, view, (b) => this.set({ block: b, stage: 0 }));
    }
    const select = part<HTMLSelectElement>(this, 'select[data-block]');
    const key = `${m.config.widths.join()}|${n}|${plans.map((b) => b.shortcut).join()}`;
    if (select.dataset.plan !== key) {
      select.dataset.plan = key;
      select.replaceChildren(...plans.map((b) => new Option(`${b.index}: stage ${b.stage}, block ${b.block + 1} (${b.outChannels} ch, ${b.outSize}×${b.outSize}${b.stride > 1 ? ', stride 2' : ''}; ${b.shortcut === 'none' ? 'no shortcut' : `${b.shortcut} shortcut`})`, String(b.index))));
    }
    select.value = String(this.s.block);
    const widths = m.config.widths.map((w, s) => `${w} channels on ${m.config.inputSize / 2 ** s}×${m.config.inputSize / 2 ** s}`).join(', ');
    part<HTMLElement>(this, '[data-blocks-caption]').textContent = `${plans.length} blocks: ${m.config.widths.length} stages of ${n} (${widths}).`;
    this.dataset.blocks = String(plans.length);
  }

  private drawNorms(r: Inspection): void {
    const f = r.taps.find((t) => t.tap === 'bn2')!;
    const s = r.taps.find((t) => t.tap === 'shortcut');
    const view = { residual: channelNorms(f.data, f.shape.slice(1) as Shape3), shortcut: s ? channelNorms(s.data, s.shape.slice(1) as Shape3) : [] };
    const bars = layoutNormBars(view, 480);
    renderNormBars(part(this, 'svg[data-norms]'), bars);
    part<HTMLElement>(this, '[data-norms-caption]').textContent = bars.summary;
  }
}

if (!customElements.get('block-stepper')) customElements.define('block-stepper', BlockStepperElement);
