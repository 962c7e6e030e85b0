/**
 * "My model" in a lab, the one wiring of the reader's own weights shared by the four labs that measure trained nets
 * (layer responses, lesion, gradient flow, landscape): the model stored in this browser (sent from the train page or
 * uploaded on any lab) is offered as soon as it is read; a `weights-model` event from the lab's <weights-upload>
 * makes the upload "my model" (kept for this page at once, stored for the other pages), enables and ticks the lab's
 * checkbox and names the detected network beside it. A bad file never gets here (the upload says why and emits
 * nothing), so the lab keeps what it shows and the model it had. The host's data-my-model says where the model is:
 * 'stored' (read from this browser), 'page' (uploaded, not stored yet, or storage failed), 'kept' (uploaded and stored).
 */
import { loadMyNet, saveMyWeights, type MyNet } from '../../client/labs/my-model.ts';
import type { UploadedModel } from '../../client/weights-upload.ts';

export type { MyNet };

/** What a lab says when "my model" is asked for and there is none. */
export const NO_MODEL = 'No model of yours yet: upload your weights below, or train one on the Train page and press "Send to the block stepper".';

export interface MyModelHooks {
  /** The checkbox that includes the reader's model in the next run (disabled until there is one). */
  readonly box: HTMLInputElement | null;
  /** Where the detected network is named: ": ResNet-56, projection shortcuts, 855,786 parameters". */
  readonly name: HTMLElement | null;
  /** What the reader does next, ending the status sentence after an upload: 'press Measure to include it'. */
  readonly next: string;
  /** The lab's status line. */
  status(text: string): void;
  /** A model arrived (stored, or `uploaded` just now) and the checkbox is set; the lab adjusts its form. */
  onModel?(mine: MyNet, uploaded: boolean): void;
}

export class MyModelSlot {
  private mine: MyNet | null = null;
  private readonly stored: Promise<void>;
  private readonly hooks: MyModelHooks;
  private readonly host: HTMLElement;

  constructor(host: HTMLElement, hooks: MyModelHooks) {
    this.host = host;
    this.hooks = hooks;
    host.addEventListener('weights-model', (e) => void this.take((e as CustomEvent<UploadedModel>).detail));
    this.stored = loadMyNet().then((m) => {
      if (!m || this.mine) return;
      this.show(m, false);
      host.dataset.myModel = 'stored';
    });
  }

  /** The model a run uses: this page's upload, else the one stored in this browser; null when there is none. */
  async get(): Promise<MyNet | null> {
    await this.stored;
    return this.mine;
  }

  private show(mine: MyNet, uploaded: boolean): void {
    this.mine = mine;
    const { box, name } = this.hooks;
    if (box) {
      box.disabled = false;
      if (uploaded) box.checked = true;
    }
    if (name) name.textContent = `: ${mine.label}`;
    this.hooks.onModel?.(mine, uploaded);
  }

  private async take(m: UploadedModel): Promise<void> {
    const mine: MyNet = { config: m.config, label: m.label, bytes: m.bytes };
    this.show(mine, true);
    this.host.dataset.myModel = 'page';
    const now = `${m.label} is now "my model": ${this.hooks.next}.`;
    this.hooks.status(now);
    try {
      await saveMyWeights(m.bytes, m.config);
      if (this.mine === mine) this.host.dataset.myModel = 'kept';
    } catch (e) {
      if (this.mine === mine) this.hooks.status(`${now} This browser could not keep it for the other labs (${e instanceof Error ? e.message : String(e)}), so it lasts until this page is closed.`);
    }
  }
}
