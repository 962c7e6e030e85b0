/** <unrolled-paths>: wires the block count, the ReLU order and lane focus of UnrolledPaths.astro to the pure renderer. */
import { layoutUnrolled, unrollOrders, type UnrolledView } from '../viz/unrolledLayout.ts';
import { renderUnrolled } from '../viz/unrolled.ts';
import type { ActivationOrder } from '../core/paths.ts';
import { nextIndex, part, whenNear } from './near.ts';

const isOrder = (v: string | undefined): v is ActivationOrder => (unrollOrders as readonly (string | undefined)[]).includes(v);

class UnrolledPathsElement extends HTMLElement {
  private view: UnrolledView | undefined;
  private selected: string | undefined;

  connectedCallback(): void {
    whenNear(this, () => this.start());
  }

  private start(): void {
    const svg = part<SVGSVGElement>(this, '[data-svg]');
    this.show(Number(this.dataset.blocks ?? 3), isOrder(this.dataset.order) ? this.dataset.order : 'post');
    this.addEventListener('change', (e) => {
      const input = e.target as HTMLInputElement | HTMLSelectElement;
      const order = this.dataset.order;
      if (input.name === 'unrolled-blocks') this.show(Number(input.value), isOrder(order) ? order : 'post');
      if (input.name === 'unrolled-order' && isOrder(input.value)) this.show(Number(this.dataset.blocks), input.value);
    });
    const pick = (e: Event) => {
      const id = (e.target as Element).closest('[data-path]')?.getAttribute('data-path');
      if (id) this.select(id);
    };
    svg.addEventListener('focusin', pick);
    svg.addEventListener('pointerover', pick);
    svg.addEventListener('click', pick);
    svg.addEventListener('keydown', (e) => this.move(e));
    this.dataset.ready = 'true';
  }

  private show(blocks: number, order: ActivationOrder): void {
    this.view = layoutUnrolled(blocks, order);
    this.dataset.blocks = String(blocks);
    this.dataset.order = order;
    if (!this.view.lanes.some((l) => l.id === this.selected)) this.selected = this.view.lanes[0]?.id;
    part(this, '[data-summary]').textContent = this.view.summary;
    const rows = part(this, '[data-rows]');
    rows.replaceChildren(...this.view.lanes.map((l) => {
      const tr = document.createElement('tr');
      for (const text of [String(l.length), l.term]) tr.appendChild(document.createElement('td')).textContent = text;
      return tr;
    }));
    this.describe();
    this.draw();
  }

  private select(id: string): void {
    if (id === this.selected || !this.view?.lanes.some((l) => l.id === id)) return;
    this.selected = id;
    this.describe();
    this.draw();
  }

  /** Arrow keys, Home and End move between lanes (a roving tabindex: only the selected lane is in the tab order). */
  private move(e: KeyboardEvent): void {
    const lanes = this.view?.lanes ?? [];
    const at = lanes.findIndex((l) => l.id === this.selected);
    const to = nextIndex(e.key, Math.max(0, at), lanes.length);
    const lane = to === undefined ? undefined : lanes[to];
    if (!lane) return;
    e.preventDefault();
    this.select(lane.id);
    this.querySelector<SVGGElement>(`[data-path="${lane.id}"]`)?.focus();
  }

  private describe(): void {
    const lane = this.view?.lanes.find((l) => l.id === this.selected);
    if (lane) part(this, '[data-details]').textContent = lane.detail;
  }

  private draw(): void {
    if (this.view) renderUnrolled(part<SVGSVGElement>(this, '[data-svg]'), this.view, { selected: this.selected });
  }
}

if (!customElements.get('unrolled-paths')) customElements.define('unrolled-paths', UnrolledPathsElement);
