/** <cifar-data-stats>: the seeded split's class counts (labels only) and channel statistics over the loaded images. */
import { SOURCE_EVENT, sourceLabel, trainBatches, trainLabels } from '../client/cifar.ts';
import { TRAIN_COUNT } from '../core/data/cifar10.ts';
import { splitTrainValidation } from '../core/data/split.ts';
import { channelStats, classCounts } from '../core/data/stats.ts';
import { Rng } from '../core/random.ts';
import { FigureStatus } from './cifar-figure.ts';
import { part, whenNear } from './near.ts';

const fmt = (n: number) => n.toLocaleString('en');

class DataStatsElement extends HTMLElement {
  private labels: Uint8Array | undefined;
  private status!: FigureStatus;

  connectedCallback(): void {
    this.status = new FigureStatus(this);
    whenNear(this, () => void this.load(1));
    window.addEventListener(SOURCE_EVENT, () => void this.load(1));
    part(this, '[data-seed]').addEventListener('input', () => this.showSplit());
    part(this, '[data-action="all"]').addEventListener('click', () => void this.load(5));
  }

  /** Loads the labels and the first `batches` training batches, then fills both tables. */
  private async load(batches: number): Promise<void> {
    const button = part<HTMLButtonElement>(this, '[data-action="all"]');
    button.disabled = true;
    try {
      this.status.say('Loading the training labels…', { fraction: 0, stage: '' });
      this.labels = await trainLabels();
      this.showSplit();
      const text = batches === 1 ? 'Loading the first training batch…' : 'Loading all five training batches…';
      const set = await trainBatches(batches, (p) => this.status.say(text, p));
      this.status.say('Computing the statistics…');
      // Let the status line paint before the (sub-second) pass over up to 150 MB of pixels.
      await new Promise((r) => setTimeout(r, 0));
      const s = channelStats(set.images);
      for (let c = 0; c < 3; c++) {
        part(this, `[data-mean="${c}"]`).textContent = s.mean[c]!.toFixed(4);
        part(this, `[data-std="${c}"]`).textContent = s.std[c]!.toFixed(4);
      }
      part(this, '[data-norm-caption]').textContent =
        `Per-channel statistics of ${fmt(s.count)} training images (pixels scaled to [0, 1])`;
      this.status.say(`Labels and ${fmt(s.count)} images from ${sourceLabel()}.`);
      button.disabled = s.count >= TRAIN_COUNT;
      this.dataset.ready = 'true';
      this.dataset.images = String(s.count);
    } catch (e) {
      this.status.fail(e);
      button.disabled = false;
      this.dataset.ready = 'error';
    }
  }

  /** Recomputes the split for the seed in the input and fills the class-count table. */
  private showSplit(): void {
    if (!this.labels) return;
    const input = part<HTMLInputElement>(this, '[data-seed]');
    const seed = Number(input.value);
    if (!Number.isInteger(seed) || seed < 0) {
      input.setCustomValidity('Use a whole number from 0 to 999999.');
      input.reportValidity();
      return;
    }
    input.setCustomValidity('');
    const split = splitTrainValidation(this.labels.length, Rng.fromSeed(seed));
    const train = classCounts(this.labels, split.train);
    const val = classCounts(this.labels, split.validation);
    train.forEach((n, k) => (part(this, `[data-train="${k}"]`).textContent = fmt(n)));
    val.forEach((n, k) => (part(this, `[data-val="${k}"]`).textContent = fmt(n)));
    part(this, '[data-train-total]').textContent = fmt(split.train.length);
    part(this, '[data-val-total]').textContent = fmt(split.validation.length);
    this.dataset.seed = String(seed);
  }
}

if (!customElements.get('cifar-data-stats')) customElements.define('cifar-data-stats', DataStatsElement);
