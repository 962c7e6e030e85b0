/**
 * <cifar-augment-demo>: one real training image through the augmentation, with the same parameter draws
 * (src/core/data/augment-params.ts) that training applies as tensor ops, computed here in plain JS.
 */
import { SOURCE_EVENT, trainBatches } from '../client/cifar.ts';
import { augmentBytes, drawAugmentParams, type AugmentParams } from '../core/data/augment-params.ts';
import { CLASS_NAMES } from '../core/data/cifar10.ts';
import { firstOfEachClass } from '../core/data/stats.ts';
import type { ImageSet } from '../core/data/types.ts';
import { Rng } from '../core/random.ts';
import { FigureStatus, drawScaled, imageData, rgbToImageData } from './cifar-figure.ts';
import { part, whenNear } from './near.ts';

const SCALE = 4;
const PAD = 4;

/** HWC bytes of the 32x32 image `index` of `set` after applying params (drawn for one image), padding black. */
function augmentOne(set: ImageSet, index: number, params: AugmentParams): Uint8Array {
  return augmentBytes(set.images.subarray(index * 3072, (index + 1) * 3072), params, 32, 32, 3);
}

/** The 40x40 padded version of a 32x32 HWC image (black border). */
function padded(rgb: Uint8Array): Uint8Array {
  const n = 32 + 2 * PAD;
  const out = new Uint8Array(n * n * 3);
  for (let y = 0; y < 32; y++) out.set(rgb.subarray(y * 96, (y + 1) * 96), ((y + PAD) * n + PAD) * 3);
  return out;
}

/** "the centre" or e.g. "4 up and 3 right of the centre" for a window offset from the centred crop. */
function describeShift(down: number, right: number): string {
  const parts = [];
  if (down !== 0) parts.push(`${Math.abs(down)} ${down > 0 ? 'down' : 'up'}`);
  if (right !== 0) parts.push(`${Math.abs(right)} ${right > 0 ? 'right' : 'left'}`);
  return parts.length ? `${parts.join(' and ')} of the centre` : 'the centre: no shift';
}

/** Gap between the images of the strip, in image pixels. */
const GAP = 2;

class AugmentDemoElement extends HTMLElement {
  private set: ImageSet | undefined;
  private rng = Rng.fromSeed(0);
  private images: number[] = [];
  private which = 0;
  private draws = 0;

  connectedCallback(): void {
    this.rng = Rng.fromSeed(Number(this.dataset.seed ?? 2016));
    whenNear(this, () => void this.load());
    window.addEventListener(SOURCE_EVENT, () => void this.load());
    part(this, '[data-action="draw"]').addEventListener('click', () => this.redraw());
    part(this, '[data-action="image"]').addEventListener('click', () => {
      this.which = (this.which + 1) % this.images.length;
      this.redraw();
    });
  }

  private async load(): Promise<void> {
    const status = new FigureStatus(this);
    try {
      status.say('Loading the first training batch…', { fraction: 0, stage: '' });
      this.set = await trainBatches(1, (p) => status.say('Loading the first training batch…', p));
      // One image of each class, in class order, so "Another image" walks through the classes.
      this.images = firstOfEachClass(this.set.labels, 1).map((l) => l[0]!).filter((i) => i !== undefined);
      status.say('');
      for (const b of this.querySelectorAll<HTMLButtonElement>('button')) b.disabled = false;
      this.redraw();
      this.dataset.ready = 'true';
    } catch (e) {
      status.fail(e);
      this.dataset.ready = 'error';
    }
  }

  /** Draws new parameters for the current image and redraws all panels. */
  private redraw(): void {
    const set = this.set;
    const index = this.images[this.which];
    if (!set || index === undefined) return;
    const params = drawAugmentParams(this.rng, 1, { pad: PAD });
    const flip = params.flip[0] === 1;
    const [dy, dx] = [params.dy[0]!, params.dx[0]!];
    const flippedOnly = augmentOne(set, index, { flip: params.flip, dy: Uint8Array.of(PAD), dx: Uint8Array.of(PAD), pad: PAD });
    drawScaled(part(this, '[data-panel="original"]'), imageData(set.images, index), SCALE);
    drawScaled(part(this, '[data-panel="flipped"]'), rgbToImageData(flippedOnly, 32, 32), SCALE);
    const ctx = drawScaled(part(this, '[data-panel="padded"]'), rgbToImageData(padded(flippedOnly), 40, 40), SCALE);
    this.outlineCrop(ctx, dy, dx);
    drawScaled(part(this, '[data-panel="cropped"]'), rgbToImageData(augmentOne(set, index, params), 32, 32), SCALE);
    this.drawStrip(set, index);
    this.draws++;
    const name = CLASS_NAMES[set.labels[index]!] ?? '?';
    part(this, '[data-draw]').textContent = `Training image ${index} (${name}), draw ${this.draws}: ` +
      `${flip ? 'flipped' : 'not flipped'}; crop window at row ${dy}, column ${dx} of the padded image ` +
      `(${describeShift(dy - PAD, dx - PAD)}).`;
    this.dataset.draws = String(this.draws);
  }

  private outlineCrop(ctx: CanvasRenderingContext2D, dy: number, dx: number): void {
    ctx.save();
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 4]);
    for (const [colour, inset] of [['#000', 1], ['#fff', 3]] as const) {
      ctx.strokeStyle = colour;
      ctx.strokeRect(dx * SCALE + inset, dy * SCALE + inset, 32 * SCALE - 2 * inset, 32 * SCALE - 2 * inset);
    }
    ctx.restore();
  }

  /** Eight further draws of the same image, side by side (from a fork, so the main sequence is unaffected). */
  private drawStrip(set: ImageSet, index: number): void {
    const canvas = part<HTMLCanvasElement>(this, '[data-strip]');
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const rng = this.rng.fork('strip');
    for (let j = 0; j < 8; j++) {
      const p = drawAugmentParams(rng, 1, { pad: PAD });
      ctx.putImageData(rgbToImageData(augmentOne(set, index, p), 32, 32), j * (32 + GAP), 0);
    }
  }
}

if (!customElements.get('cifar-augment-demo')) customElements.define('cifar-augment-demo', AugmentDemoElement);
