/** <cifar-class-grid>: loads the first training batch when near the viewport and draws the first images of each class. */
import { SOURCE_EVENT, sourceLabel, trainBatches } from '../client/cifar.ts';
import { firstOfEachClass } from '../core/data/stats.ts';
import { FigureStatus, imageData } from './cifar-figure.ts';
import { whenNear } from './near.ts';

class ClassGridElement extends HTMLElement {
  connectedCallback(): void {
    whenNear(this, () => void this.draw());
    window.addEventListener(SOURCE_EVENT, () => void this.draw());
  }

  private async draw(): Promise<void> {
    const status = new FigureStatus(this);
    const perClass = Number(this.dataset.perClass ?? 8);
    try {
      status.say('Loading the first training batch…', { fraction: 0, stage: '' });
      const set = await trainBatches(1, (p) => status.say('Loading the first training batch…', p));
      const picks = firstOfEachClass(set.labels, perClass);
      for (const canvas of this.querySelectorAll<HTMLCanvasElement>('canvas[data-class]')) {
        const ctx = canvas.getContext('2d');
        if (!ctx) throw new Error('This browser has no 2D canvas, which the CIFAR-10 figures need.');
        (picks[Number(canvas.dataset.class)] ?? []).forEach((index, j) => ctx.putImageData(imageData(set.images, index), j * 32, 0));
      }
      status.say(`${perClass * 10} real training images from ${sourceLabel()}.`);
      this.dataset.ready = 'true';
    } catch (e) {
      status.fail(e);
      this.dataset.ready = 'error';
    }
  }
}

if (!customElements.get('cifar-class-grid')) customElements.define('cifar-class-grid', ClassGridElement);
