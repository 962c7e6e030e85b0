/**
 * The race's network list as form controls: per net a depth, a skip mode (plain, residual, block by block) and a
 * small diagram whose blocks toggle their skip. Emits 'change' on its root; `nets` is the current list.
 */
import { formatNet, type NetSpec } from '../../core/labs/degradation-settings.ts';
import { layoutNetDiagram, renderNetDiagram } from '../../viz/labs/net-diagram.ts';
import { netColour } from '../../viz/labs/race-panels.ts';
import { colourVar } from '../../viz/theme.ts';

const DEPTHS = [8, 14, 20, 32, 44, 56, 110] as const;
const MAX_NETS = 4;

function skipFlags(net: NetSpec): boolean[] {
  return Array.isArray(net.skips) ? [...net.skips] : Array<boolean>(3 * net.n).fill(net.skips === 'all');
}

/** Collapses a flag list back to 'all' / 'none' where it is uniform. */
function fromFlags(n: number, flags: readonly boolean[]): NetSpec {
  if (flags.every((f) => f)) return { n, skips: 'all' };
  if (flags.every((f) => !f)) return { n, skips: 'none' };
  return { n, skips: [...flags] };
}

export class NetEditor {
  private list: NetSpec[] = [];
  private readonly root: HTMLElement;

  constructor(root: HTMLElement) {
    this.root = root;
  }

  get nets(): readonly NetSpec[] {
    return this.list;
  }

  set nets(nets: readonly NetSpec[]) {
    this.list = [...nets];
    this.render();
  }

  private changed(): void {
    this.render();
    this.root.dispatchEvent(new Event('change', { bubbles: true }));
  }

  /** The net's label, depth and skip-mode selects and remove button. */
  private controls(net: NetSpec, i: number): HTMLElement[] {
    const title = document.createElement('strong');
    title.className = 'net-swatch';
    title.style.setProperty('--swatch', colourVar(netColour(i)));
    title.textContent = `Net ${i + 1}`;
    const depth = document.createElement('select');
    depth.setAttribute('aria-label', `Depth of net ${i + 1}`);
    for (const d of DEPTHS) depth.add(new Option(`${d} layers`, String((d - 2) / 6), false, (d - 2) / 6 === net.n));
    depth.onchange = () => {
      const n = Number(depth.value);
      this.list[i] = { n, skips: Array.isArray(net.skips) ? 'all' : net.skips };
      this.changed();
    };
    const mode = document.createElement('select');
    mode.setAttribute('aria-label', `Skip connections of net ${i + 1}`);
    const current = Array.isArray(net.skips) ? 'custom' : net.skips;
    for (const [v, t] of [['none', 'plain (no skips)'], ['all', 'residual (all skips)'], ['custom', 'block by block']] as const) {
      mode.add(new Option(t, v, false, v === current));
    }
    mode.onchange = () => {
      if (mode.value === 'custom') return; // the diagram edits blocks; the mode follows
      this.list[i] = { n: net.n, skips: mode.value === 'all' ? 'all' : 'none' };
      this.changed();
    };
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Remove';
    remove.disabled = this.list.length <= 1;
    remove.setAttribute('aria-label', `Remove net ${i + 1}`);
    remove.onclick = () => {
      this.list.splice(i, 1);
      this.changed();
    };
    return [title, depth, mode, remove];
  }

  private row(net: NetSpec, i: number): HTMLElement {
    const row = document.createElement('div');
    row.className = 'net-row';
    row.dataset.net = formatNet(net);
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.classList.add('net-diagram');
    const flags = skipFlags(net);
    renderNetDiagram(svg, layoutNetDiagram({ n: net.n, skips: flags }, { width: 560, mode: 'toggle' }), (b) => {
      flags[b] = !flags[b];
      this.list[i] = fromFlags(net.n, flags);
      this.changed();
      this.root.querySelector<SVGGElement>(`.net-row:nth-child(${i + 1}) g.block[data-block="${b}"]`)?.focus();
    });
    const head = document.createElement('div');
    head.className = 'net-head';
    head.append(...this.controls(net, i));
    row.append(head, svg);
    return row;
  }

  render(): void {
    const rows = this.list.map((net, i) => this.row(net, i));
    const add = document.createElement('button');
    add.type = 'button';
    add.textContent = 'Add a network';
    add.disabled = this.list.length >= MAX_NETS;
    add.onclick = () => {
      this.list.push({ n: 3, skips: 'all' });
      this.changed();
    };
    this.root.replaceChildren(...rows, add);
  }
}
