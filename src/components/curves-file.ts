/**
 * <curves-file>: reads a chosen or dropped curves.json with the one parser (src/core/train/run-curves.ts) and emits
 * `run-curves` (CustomEvent<RunCurves | null>, bubbling; null when the reader removes the overlay). A bad file gets
 * the parser's message and emits nothing, so the chart keeps its overlay.
 */
import { parseRunCurves, type RunCurves } from '../core/train/run-curves.ts';
import { bindFilePicker } from './form-parts.ts';
import { part } from './near.ts';

export const RUN_CURVES_EVENT = 'run-curves';

class CurvesFileElement extends HTMLElement {
  private current: RunCurves | null = null;

  connectedCallback(): void {
    const input = bindFilePicker(this, (file) => void this.take(file));
    part<HTMLButtonElement>(this, '[data-clear]').onclick = () => {
      this.current = null;
      input.value = '';
      this.show('', '');
      this.emit(null);
    };
    this.dataset.ready = 'true';
  }

  private show(status: string, error: string): void {
    part(this, '[data-curves-status]').textContent = status;
    const box = part<HTMLElement>(this, '[data-curves-error]');
    box.hidden = error === '';
    box.textContent = error;
    part<HTMLElement>(this, '[data-clear]').hidden = this.current === null;
  }

  private async take(file: File | undefined): Promise<void> {
    if (!file) return;
    let run: RunCurves;
    try {
      if (file.size > 64 * 1024 * 1024) throw new Error(`"${file.name}" is ${(file.size / 1e6).toFixed(0)} MB; a curves.json is a few hundred kB at most.`);
      run = parseRunCurves(await file.text(), `"${file.name}"`);
    } catch (e) {
      this.dataset.state = 'error';
      this.show(this.current ? `Still showing ${this.current.label}.` : '', e instanceof Error ? e.message : String(e));
      return;
    }
    this.current = run;
    this.dataset.state = 'loaded';
    this.dataset.label = run.label;
    const test = run.testAccuracy === null ? '' : `, test accuracy ${(100 * run.testAccuracy).toFixed(2)}%`;
    this.show(`Overlaid (dashed): ${run.label}, ${run.train.length} training and ${run.val.length} validation points${test}.`, '');
    this.emit(run);
  }

  private emit(run: RunCurves | null): void {
    this.dispatchEvent(new CustomEvent<RunCurves | null>(RUN_CURVES_EVENT, { detail: run, bubbles: true }));
  }
}

if (!customElements.get('curves-file')) customElements.define('curves-file', CurvesFileElement);
