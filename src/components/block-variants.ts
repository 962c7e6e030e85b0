/** <block-variants>: draws the two blocks of BlockVariants.astro and shows the part under the pointer or focus. */
import { layoutVariantPair, variantPairs, type VariantPair, type VariantPairView } from '../viz/blockVariantsLayout.ts';
import { renderBlockDiagram } from '../viz/blockDiagram.ts';
import { part, whenNear } from './near.ts';

const isPair = (v: string | undefined): v is VariantPair => (variantPairs as readonly (string | undefined)[]).includes(v);

class BlockVariantsElement extends HTMLElement {
  private view: VariantPairView | undefined;
  /** Selected part as `column/part`. */
  private selected: string | undefined;

  connectedCallback(): void {
    whenNear(this, () => this.start());
  }

  private start(): void {
    const pair = this.dataset.pair;
    if (!isPair(pair)) throw new Error(`<block-variants> has data-pair="${pair}"; use one of ${variantPairs.join(', ')}.`);
    this.view = layoutVariantPair(pair);
    this.draw();
    const pick = (e: Event) => {
      const target = e.target as Element;
      const id = target.closest('[data-part]')?.getAttribute('data-part');
      const column = target.closest('svg')?.getAttribute('data-column');
      if (id && column) this.select(column, id);
    };
    for (const ev of ['focusin', 'pointerover', 'click']) this.addEventListener(ev, pick);
    this.dataset.ready = 'true';
  }

  private select(column: string, id: string): void {
    const key = `${column}/${id}`;
    const col = this.view?.columns.find((c) => c.id === column);
    const p = col?.view.parts.find((q) => q.id === id);
    if (!col || !p || key === this.selected) return;
    this.selected = key;
    part(this, '[data-details]').textContent = `${col.title}, ${p.label}: ${p.detail}`;
    this.draw();
  }

  private draw(): void {
    for (const c of this.view?.columns ?? []) {
      const svg = part<SVGSVGElement>(this, `svg[data-column="${c.id}"]`);
      const [column, id] = (this.selected ?? '/').split('/');
      renderBlockDiagram(svg, c.view, { selected: column === c.id ? id : undefined });
    }
  }
}

if (!customElements.get('block-variants')) customElements.define('block-variants', BlockVariantsElement);
