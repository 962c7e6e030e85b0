/**
 * <weights-upload>: reads a chosen or dropped weights file, shows the detected network ("ResNet-56, projection
 * shortcuts, 855,786 parameters") or why the file cannot be used, asks the reader where keys and shapes cannot decide,
 * and emits `weights-model` (CustomEvent<UploadedModel>, bubbling) once a network is settled. A bad file emits
 * nothing: the page keeps the model it had. `lastModel` holds the model last emitted.
 */
import { readWeightsFile, type UploadedModel } from '../client/weights-upload.ts';
import { bindFilePicker } from './form-parts.ts';
import { part } from './near.ts';

export type { UploadedModel };

/** The event a page listens for. */
export const WEIGHTS_MODEL_EVENT = 'weights-model';

class WeightsUploadElement extends HTMLElement {
  lastModel: UploadedModel | null = null;
  private reading = 0;

  connectedCallback(): void {
    bindFilePicker(this, (file) => void this.take(file));
    this.dataset.ready = 'true';
  }

  private show(status: string, error = ''): void {
    part(this, '[data-upload-status]').textContent = status;
    const box = part<HTMLElement>(this, '[data-upload-error]');
    box.hidden = error === '';
    box.textContent = error;
  }

  private keep(): string {
    return this.lastModel ? ` Still using ${this.lastModel.label} from "${this.lastModel.fileName}".` : '';
  }

  /** Reads one file; a newer file supersedes a reading still under way. */
  private async take(file: File | undefined): Promise<void> {
    if (!file) return;
    const ticket = ++this.reading;
    this.dataset.state = 'reading';
    part<HTMLElement>(this, '[data-choice]').hidden = true;
    this.show(`Reading "${file.name}"…`);
    const { bytes, reading } = await readWeightsFile(file);
    if (ticket !== this.reading) return;
    if (reading.kind === 'error') {
      this.dataset.state = 'error';
      this.show(this.keep().trim(), reading.message);
    } else if (reading.kind === 'choice') {
      this.dataset.state = 'choice';
      this.show(`"${file.name}" fits more than one network: choose which it is.${this.keep()}`);
      this.ask(reading.reason, reading.candidates, bytes, file.name);
    } else {
      const how = reading.basis === 'metadata' ? ' (named in the file\'s metadata)' : '';
      this.emit({ ...reading.model, bytes, fileName: file.name, basis: reading.basis }, `${how}.${reading.notes.length ? ` ${reading.notes.join(' ')}` : ''}`);
    }
  }

  private ask(reason: string, candidates: readonly { config: UploadedModel['config']; label: string }[], bytes: Uint8Array, fileName: string): void {
    part(this, '[data-choice-reason]').textContent = reason;
    const options = part<HTMLElement>(this, '[data-choice-options]');
    const group = `weights-choice-${Math.random().toString(36).slice(2)}`;
    options.replaceChildren(...candidates.map((c, i) => {
      const label = document.createElement('label');
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = group;
      radio.value = String(i);
      radio.checked = i === 0;
      label.append(radio, ` ${c.label}`);
      return label;
    }));
    const box = part<HTMLElement>(this, '[data-choice]');
    box.hidden = false;
    part<HTMLButtonElement>(this, '[data-choice-use]').onclick = () => {
      const picked = options.querySelector<HTMLInputElement>('input:checked');
      const c = candidates[Number(picked?.value ?? 0)]!;
      box.hidden = true;
      this.emit({ ...c, bytes, fileName, basis: 'reader' }, ' (your choice).');
    };
  }

  private emit(model: UploadedModel, how: string): void {
    this.lastModel = model;
    this.dataset.state = 'model';
    this.dataset.modelLabel = model.label;
    this.show(`Recognised "${model.fileName}": ${model.label}${how}`);
    this.dispatchEvent(new CustomEvent<UploadedModel>(WEIGHTS_MODEL_EVENT, { detail: model, bubbles: true }));
  }
}

if (!customElements.get('weights-upload')) customElements.define('weights-upload', WeightsUploadElement);
