/**
 * The parts every lab form and file box shares, so each is written once: the problems box, the status line, and a
 * file chosen in an <input type="file"> or dropped on a drop zone.
 */
import { part } from './near.ts';

/** Shows `problems` in root's [data-problems] box, joined into one paragraph; hides the box when there are none. */
export function showProblems(root: Element, problems: readonly string[] | string): void {
  const list = typeof problems === 'string' ? (problems === '' ? [] : [problems]) : problems;
  const box = part<HTMLElement>(root, '[data-problems]');
  box.hidden = list.length === 0;
  box.textContent = list.join(' ');
}

/** Sets root's [data-status] line. */
export function showStatus(root: Element, text: string): void {
  part<HTMLElement>(root, '[data-status]').textContent = text;
}

/**
 * Calls `take` with the file chosen in root's [data-file] input or dropped on its [data-drop] zone (marked `.over`
 * while a file is dragged over it). Returns the input, so a component can clear it.
 */
export function bindFilePicker(root: Element, take: (file: File | undefined) => void): HTMLInputElement {
  const input = part<HTMLInputElement>(root, '[data-file]');
  input.addEventListener('change', () => take(input.files?.[0]));
  const drop = part<HTMLElement>(root, '[data-drop]');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    take(e.dataTransfer?.files[0]);
  });
  return input;
}
