/** Draws the train page's end-of-run report: accuracy, confusion matrix, per-class accuracy, confident mistakes. */
import type { TestReport } from '../../client/labs/report.ts';
import { CLASS_NAMES } from '../../core/data/cifar10.ts';
import { layoutConfusion, renderConfusion } from '../../viz/confusion.ts';
import { part } from '../near.ts';

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–');

/** Fills `root`'s [data-report] parts; `image(i)` gives test image i's bytes [32, 32, 3] for the mistakes gallery. */
export async function renderReport(root: Element, r: TestReport, image: (i: number) => Promise<Uint8Array>): Promise<void> {
  part<HTMLElement>(root, '[data-test-accuracy]').textContent = `${pct(r.accuracy)} on ${r.n.toLocaleString('en-US')} test images`;
  renderConfusion(part(root, 'svg[data-confusion]'), layoutConfusion(r.confusion, CLASS_NAMES));
  const rows = CLASS_NAMES.map((c, i) => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = c;
    const td = document.createElement('td');
    td.textContent = pct(r.perClass[i] ?? Number.NaN);
    tr.append(th, td);
    return tr;
  });
  part<HTMLElement>(root, '[data-per-class]').replaceChildren(...rows);
  const cards = await Promise.all(r.mistakes.map(async (m) => {
    const fig = document.createElement('figure');
    fig.className = 'mistake';
    const canvas = document.createElement('canvas');
    canvas.width = 32;
    canvas.height = 32;
    const bytes = await image(m.index);
    const rgba = new Uint8ClampedArray(32 * 32 * 4);
    for (let p = 0; p < 1024; p++) rgba.set([bytes[p * 3]!, bytes[p * 3 + 1]!, bytes[p * 3 + 2]!, 255], p * 4);
    canvas.getContext('2d')?.putImageData(new ImageData(rgba, 32, 32), 0, 0);
    const label = `Test image ${m.index}: a ${CLASS_NAMES[m.truth]}, taken for a ${CLASS_NAMES[m.predicted]} with ${pct(m.confidence)} confidence`;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', label);
    const cap = document.createElement('figcaption');
    cap.textContent = `${CLASS_NAMES[m.truth]} → ${CLASS_NAMES[m.predicted]} (${pct(m.confidence)})`;
    fig.append(canvas, cap);
    return fig;
  }));
  part<HTMLElement>(root, '[data-mistakes]').replaceChildren(...cards);
}
