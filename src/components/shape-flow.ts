/** <shape-flow>: depth selector, layer selection (click, arrow keys) and summary-row highlighting for ShapeFlow.astro. */
import { presetConfig } from '../core/model/index.ts';
import { describeNetwork, formatCount, shapeText } from '../viz/network.ts';
import { flowMarks, renderShapeFlow } from '../viz/shapeFlow.ts';
import { layoutShapeFlow, type FlowView } from '../viz/shapeFlowLayout.ts';
import { nextIndex, part, whenNear } from './near.ts';

class ShapeFlowElement extends HTMLElement {
  private view: FlowView | undefined;
  private selected: string | undefined;
  private depth = 20;

  connectedCallback(): void {
    whenNear(this, () => this.start());
  }

  private start(): void {
    const svg = part<SVGSVGElement>(this, '[data-svg]');
    const depth = part<HTMLSelectElement>(this, '[data-depth]');
    depth.addEventListener('change', () => this.setDepth(Number(depth.value)));
    svg.addEventListener('click', (e) => {
      const id = (e.target as Element).closest('[data-layer]')?.getAttribute('data-layer');
      if (id) this.select(id, true);
    });
    svg.addEventListener('keydown', (e) => this.onKey(e));
    this.setDepth(Number(depth.value) || 20);
    this.dataset.ready = 'true';
  }

  private setDepth(depth: number): void {
    this.depth = depth;
    this.view = layoutShapeFlow(describeNetwork(presetConfig(`resnet${depth}`)));
    part(this, '[data-summary]').textContent = this.view.summary;
    this.select(this.selected ?? 'input', false);
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.view) return;
    const ids = flowMarks(this.view).map((m) => m.row.id);
    const at = Math.max(0, ids.indexOf(this.selected ?? ''));
    const next = nextIndex(e.key, at, ids.length);
    const id = next === undefined ? undefined : ids[next];
    if (!id) return;
    e.preventDefault();
    this.select(id, true);
  }

  /** Selects a layer (falls back to the first one at this depth), redraws, and focuses it when `focus`. */
  private select(id: string, focus: boolean): void {
    if (!this.view) return;
    const marks = flowMarks(this.view);
    const mark = marks.find((m) => m.row.id === id) ?? marks[0];
    if (!mark) return;
    this.selected = mark.row.id;
    const svg = part<SVGSVGElement>(this, '[data-svg]');
    // Fill the box when the network is short, never shrink below 1.2 px per unit (it scrolls sideways instead).
    const box = part<HTMLElement>(this, '.flow-scroll').clientWidth || this.view.width;
    const scale = Math.min(2.4, Math.max(1.2, box / this.view.width));
    renderShapeFlow(svg, this.view, { selected: this.selected, scale });
    const r = mark.row;
    const rows = [...this.querySelectorAll<HTMLTableRowElement>('tr[data-layer]')];
    for (const tr of rows) tr.classList.toggle('is-selected', this.depth === 20 && tr.dataset.layer === r.id);
    const inTable = this.depth === 20 && rows.some((tr) => tr.dataset.layer === r.id);
    part(this, '[data-details]').textContent = `ResNet-${this.depth} · ${r.id}: ${r.label}; output ${shapeText(r.shape)}; `
      + `${formatCount(r.params)} parameters${r.kind.startsWith('conv') || r.kind === 'stem' || r.kind === 'projection' ? ' (with its BatchNorm)' : ''}.`
      + (inTable ? ' Its rows are highlighted in the summary below.' : '');
    if (focus) {
      const g = svg.querySelector<SVGGElement>(`[data-layer="${CSS.escape(r.id)}"]`);
      g?.focus();
      g?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }
}

if (!customElements.get('shape-flow')) customElements.define('shape-flow', ShapeFlowElement);
