/** <block-diagram>: wires the shortcut radios and part focus/hover of BlockDiagram.astro to the pure renderer. */
import { blockModes, layoutBlock, type BlockMode, type BlockView } from '../viz/blockLayout.ts';
import { renderBlockDiagram } from '../viz/blockDiagram.ts';
import { part, whenNear } from './near.ts';

const isMode = (v: string): v is BlockMode => (blockModes as readonly string[]).includes(v);

class BlockDiagramElement extends HTMLElement {
  private view: BlockView | undefined;
  private selected: string | undefined;

  connectedCallback(): void {
    whenNear(this, () => this.start());
  }

  private start(): void {
    const svg = part<SVGSVGElement>(this, '[data-svg]');
    const initial = this.dataset.mode ?? 'identity';
    this.show(isMode(initial) ? initial : 'identity');
    this.addEventListener('change', (e) => {
      const input = e.target as HTMLInputElement;
      if (input.name === 'block-shortcut' && isMode(input.value)) this.show(input.value);
    });
    const pick = (e: Event) => {
      const id = (e.target as Element).closest('[data-part]')?.getAttribute('data-part');
      if (id) this.select(id);
    };
    svg.addEventListener('focusin', pick);
    svg.addEventListener('pointerover', pick);
    svg.addEventListener('click', pick);
    this.dataset.ready = 'true';
  }

  private show(mode: BlockMode): void {
    this.view = layoutBlock(mode);
    if (!this.view.parts.some((p) => p.id === this.selected)) this.selected = undefined;
    this.dataset.mode = mode;
    part(this, '[data-summary]').textContent = this.view.summary;
    for (const t of this.querySelectorAll<HTMLTableElement>('[data-table]')) t.hidden = t.dataset.table !== mode;
    this.draw();
  }

  private select(id: string): void {
    const p = this.view?.parts.find((q) => q.id === id);
    if (!p || id === this.selected) return;
    this.selected = id;
    part(this, '[data-details]').textContent = `${p.label}: ${p.detail}`;
    this.draw();
  }

  private draw(): void {
    if (this.view) renderBlockDiagram(part<SVGSVGElement>(this, '[data-svg]'), this.view, { selected: this.selected });
  }
}

if (!customElements.get('block-diagram')) customElements.define('block-diagram', BlockDiagramElement);
