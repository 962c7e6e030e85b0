/** <confusion-matrix>: runs the in-browser evaluation on request and draws its heatmap with keyboard cell navigation. */
import type { ReferenceEvaluation } from '../client/evaluate.ts';
import type { UploadedModel } from '../client/weights-upload.ts';
import { CLASS_NAMES } from '../core/data/cifar10.ts';
import { layoutConfusion, renderConfusion, type HeatView } from '../viz/confusion.ts';
import { nextIndex, part } from './near.ts';

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

class ConfusionMatrixElement extends HTMLElement {
  private view: HeatView | undefined;
  private selected = '0,0';
  /** The reader's uploaded weights, evaluated when the model picker says 'upload'. */
  private upload: UploadedModel | null = null;

  connectedCallback(): void {
    const run = part<HTMLButtonElement>(this, '[data-run]');
    run.addEventListener('click', () => void this.run());
    // Starting the download when the figure nears the viewport would cost readers who only skim 25 MB; the module
    // (TensorFlow.js) is fetched on the first pointer or focus over the button instead, so a click starts at once.
    const warm = () => void import('../client/evaluate.ts');
    run.addEventListener('pointerenter', warm, { once: true });
    run.addEventListener('focus', warm, { once: true });
    const svg = part<SVGSVGElement>(this, '[data-svg]');
    svg.addEventListener('keydown', (e) => this.onKey(e));
    const pick = (e: Event) => {
      const id = (e.target as Element).closest('[data-cell]')?.getAttribute('data-cell');
      if (id) this.select(id, false);
    };
    svg.addEventListener('pointerover', pick);
    svg.addEventListener('click', pick);
    svg.addEventListener('focusin', pick);
    this.addEventListener('weights-model', (e) => this.onUpload((e as CustomEvent<UploadedModel>).detail));
    this.dataset.ready = 'true';
  }

  private async run(): Promise<void> {
    const button = part<HTMLButtonElement>(this, '[data-run]');
    const status = part(this, '[data-status]');
    const limit = Number(part<HTMLSelectElement>(this, '[data-limit]').value);
    button.disabled = true;
    this.dataset.state = 'running';
    try {
      const { evaluateWeights } = await import('../client/evaluate.ts');
      const select = part<HTMLSelectElement>(this, 'select[data-model]');
      const mine = select.value === 'upload' ? this.upload : null;
      // A published model: its option carries where its weights are and which network they fill.
      const option = select.selectedOptions[0]!;
      const published = { url: option.dataset.weights ?? '', preset: option.dataset.preset ?? '' };
      const result = await evaluateWeights(mine ?? published, { limit, onProgress: (p) => { status.textContent = `${p.stage} (${Math.round(p.fraction * 100)}%)`; } });
      this.show(result);
      part(this, '[data-model-name]').textContent = mine ? `your ${mine.label} ("${mine.fileName}")` : (option.dataset.name ?? option.text);
      this.dataset.evaluated = mine ? 'upload' : select.value;
      status.textContent = `Done: ${result.n.toLocaleString('en-US')} test images classified in this browser with the ${result.backend} backend${mine ? `, by your ${mine.label}` : ''}.`;
      this.dataset.state = 'done';
    } catch (e) {
      status.textContent = `The evaluation failed: ${e instanceof Error ? e.message : String(e)}`;
      status.classList.add('message-error');
      this.dataset.state = 'error';
    } finally {
      button.disabled = false;
    }
  }

  /** A new upload becomes the model to evaluate (the site's models stay one choice away). */
  private onUpload(m: UploadedModel): void {
    this.upload = m;
    const select = part<HTMLSelectElement>(this, 'select[data-model]');
    let option = select.querySelector<HTMLOptionElement>('option[value="upload"]');
    if (!option) {
      option = document.createElement('option');
      option.value = 'upload';
      select.append(option);
    }
    option.textContent = `yours: ${m.label}`;
    select.value = 'upload';
    part(this, '[data-status]').textContent = `Ready to evaluate your ${m.label}: press "Evaluate in this browser".`;
  }

  private show(r: ReferenceEvaluation): void {
    this.view = layoutConfusion(r.confusion, CLASS_NAMES);
    part(this, '[data-accuracy]').textContent = pct(r.accuracy);
    part(this, '[data-n]').textContent = r.n.toLocaleString('en-US');
    part(this, '[data-backend]').textContent = `${r.backend} backend`;
    this.dataset.accuracy = String(r.accuracy);
    this.dataset.leaked = String(r.leakedTensors);
    part<HTMLElement>(this, '[data-result]').hidden = false;
    this.fillTable(r.confusion);
    this.select(this.selected, false);
  }

  private fillTable(m: readonly (readonly number[])[]): void {
    const head = `<thead><tr><th scope="col">true \\ predicted</th>${CLASS_NAMES.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead>`;
    const body = m.map((row, i) => `<tr><th scope="row">${CLASS_NAMES[i]}</th>${row.map((v) => `<td>${v}</td>`).join('')}</tr>`).join('');
    part(this, '[data-table]').innerHTML = `${head}<tbody>${body}</tbody>`;
    part<HTMLElement>(this, '[data-table-wrap]').hidden = false;
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.view) return;
    const [row = 0, col = 0] = this.selected.split(',').map(Number);
    const k = this.view.size;
    const next = nextIndex(e.key, row * k + col, k * k, k);
    if (next === undefined) return;
    e.preventDefault();
    this.select(`${Math.floor(next / k)},${next % k}`, true);
  }

  private select(id: string, focus: boolean): void {
    if (!this.view) return;
    const cell = this.view.cells.find((c) => `${c.row},${c.col}` === id);
    if (!cell) return;
    this.selected = id;
    const svg = part<SVGSVGElement>(this, '[data-svg]');
    renderConfusion(svg, this.view, { selected: id });
    part(this, '[data-cell-details]').textContent = cell.label[0]?.toUpperCase() + cell.label.slice(1);
    if (focus) svg.querySelector<SVGGElement>(`[data-cell="${id}"]`)?.focus();
  }
}

if (!customElements.get('confusion-matrix')) customElements.define('confusion-matrix', ConfusionMatrixElement);
