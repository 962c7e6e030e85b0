/**
 * A 2-D slice of the loss around trained weights (Li, Xu, Taylor, Studer & Goldstein 2018, "Visualizing the Loss
 * Landscape of Neural Nets"): L(theta + a*dx + b*dy) for two seeded random directions, each filter-normalised so that
 * every filter of the direction has the norm of the same filter of the weights. As in the authors' released code
 * (net_plotter.py, ignore='biasbn'), the direction is zero for one-dimensional parameters (biases, BN gamma and beta),
 * and the loss is evaluated with BN's running statistics (their evaluation.py runs the net in eval mode).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../core/random.ts';
import { gridCoords, refinementOrder } from '../../core/labs/landscape-grid.ts';
import { crossEntropy } from '../train/step.ts';
import { nextTask } from '../train/yield.ts';
import type { InspectableModel } from '../model/build.ts';

/** One direction in weight space: values by parameter id, in the library's layout (convs [kh,kw,in,out], dense [in,out]). */
export type Direction = ReadonlyMap<string, Float32Array>;

/**
 * Scales, in place, each filter of d to the norm of the same filter of w. A filter is everything that produces one
 * output channel (conv) or one output unit (dense): the last axis of both layouts, so element k belongs to filter k % filters.
 * A weight filter that is all zero gets a zero direction filter.
 */
export function filterNormalize(d: Float32Array, w: Float32Array, filters: number): void {
  if (d.length !== w.length || d.length % filters !== 0) throw new Error(`filterNormalize: ${d.length} direction values, ${w.length} weights, ${filters} filters do not fit.`);
  const dn = new Float64Array(filters);
  const wn = new Float64Array(filters);
  for (let k = 0; k < d.length; k++) {
    const f = k % filters;
    dn[f] = dn[f]! + d[k]! * d[k]!;
    wn[f] = wn[f]! + w[k]! * w[k]!;
  }
  // The authors' code divides by (||d|| + 1e-10); the same guard here.
  const scale = Array.from(dn, (v, f) => Math.sqrt(wn[f]!) / (Math.sqrt(v) + 1e-10));
  for (let k = 0; k < d.length; k++) d[k] = d[k]! * scale[k % filters]!;
}

/** A seeded random Gaussian direction (depends only on seed, label and parameter id), filter-normalised against the model's weights. */
export async function randomDirection(model: InspectableModel, seed: number, label: string): Promise<Direction> {
  const out = new Map<string, Float32Array>();
  for (const [id, v] of model.params) {
    const d = new Float32Array(v.size);
    if (v.rank >= 2) {
      const rng = Rng.fromSeed(seed).fork(`landscape.${label}.${id}`);
      for (let k = 0; k < d.length; k++) d[k] = rng.normal();
      filterNormalize(d, (await v.data()) as Float32Array, v.shape[v.rank - 1]!);
    }
    out.set(id, d);
  }
  return out;
}

/** Labelled, normalised images to evaluate on: chunks of x [B,H,W,C] with their labels [B]. */
export interface LossBatch {
  readonly x: tf.Tensor4D;
  readonly labels: tf.Tensor1D;
}

/**
 * The loss at points of the plane theta + a*dx + b*dy. Holds a copy of the trained weights and restores them on
 * dispose(); meanwhile the model's weights are those of the last point evaluated.
 */
export class LossPlane {
  private readonly base = new Map<string, tf.Tensor>();
  private readonly dirs = new Map<string, [tf.Tensor, tf.Tensor]>();
  private disposed = false;
  private readonly model: InspectableModel;
  private readonly batches: readonly LossBatch[];

  constructor(model: InspectableModel, dx: Direction, dy: Direction, batches: readonly LossBatch[]) {
    this.model = model;
    this.batches = batches;
    if (batches.length === 0) throw new Error('LossPlane needs at least one batch of images.');
    for (const [id, v] of model.params) {
      const a = dx.get(id);
      const b = dy.get(id);
      if (!a || !b || a.length !== v.size || b.length !== v.size) throw new Error(`The directions do not match parameter '${id}' of the model.`);
      if (a.every((t) => t === 0) && b.every((t) => t === 0)) continue;
      this.base.set(id, tf.clone(v));
      this.dirs.set(id, [tf.tensor(a, v.shape), tf.tensor(b, v.shape)]);
    }
  }

  /** Mean cross-entropy over every image of the batches at theta + a*dx + b*dy (BN with running statistics). */
  async lossAt(a: number, b: number): Promise<number> {
    if (this.disposed) throw new Error('This LossPlane has been disposed.');
    this.moveTo(a, b);
    let sum = 0;
    let count = 0;
    for (const batch of this.batches) {
      const loss = tf.tidy(() => crossEntropy(this.model.apply(batch.x, { training: false, bn: 'running' }), batch.labels));
      try {
        sum += (await loss.data())[0]! * batch.x.shape[0];
      } finally {
        loss.dispose();
      }
      count += batch.x.shape[0];
    }
    return sum / count;
  }

  private moveTo(a: number, b: number): void {
    tf.tidy(() => {
      for (const [id, w0] of this.base) {
        const [dx, dy] = this.dirs.get(id)!;
        this.model.params.get(id)!.assign(tf.add(w0, tf.add(tf.mul(dx, a), tf.mul(dy, b))));
      }
    });
  }

  /** Puts the trained weights back and frees the copies. */
  dispose(): void {
    if (this.disposed) return;
    this.moveTo(0, 0);
    this.disposed = true;
    for (const t of this.base.values()) t.dispose();
    for (const [a, b] of this.dirs.values()) {
      a.dispose();
      b.dispose();
    }
  }
}

export interface LandscapeOptions {
  /** Seed of the two directions (the same seed gives the same directions for a given model). */
  readonly seed: number;
  /** Points per side (odd; see core/labs/landscape-grid.ts). */
  readonly size: number;
  /** The grid covers [-span, span]^2 in units of the filter-normalised directions. */
  readonly span: number;
  /** Called after each loss with the net's index, the grid position (column i, row j) and the value. */
  readonly onPoint?: (p: { readonly net: number; readonly i: number; readonly j: number; readonly loss: number; readonly done: number; readonly total: number }) => void;
  /** Polled between points, each time on a fresh task (so queued messages are seen); true stops the computation (what is done is returned). */
  readonly shouldStop?: () => boolean;
}

export interface LandscapeResult {
  /** Per net, size*size losses, row-major (row j = second direction), NaN where not computed. */
  readonly losses: Float64Array[];
  readonly coords: number[];
  readonly stopped: boolean;
}

/**
 * Loss slices of several models (e.g. plain and residual) on the same images, coarse to fine, point by point for every
 * model in turn, so all pictures sharpen together. Every model's weights are restored before this returns.
 */
export async function computeLandscapes(models: readonly InspectableModel[], batches: readonly LossBatch[], opts: LandscapeOptions): Promise<LandscapeResult> {
  const coords = gridCoords(opts.size, opts.span);
  const order = refinementOrder(opts.size);
  const losses = models.map(() => new Float64Array(opts.size * opts.size).fill(Number.NaN));
  const planes: LossPlane[] = [];
  try {
    for (const m of models) planes.push(new LossPlane(m, await randomDirection(m, opts.seed, 'x'), await randomDirection(m, opts.seed, 'y'), batches));
    const total = order.length * models.length;
    let done = 0;
    for (const { i, j } of order) {
      for (const [net, plane] of planes.entries()) {
        // A fresh task between points, so a worker sees a queued stop message (WASM's data() resolves without one).
        if (opts.shouldStop) await nextTask();
        if (opts.shouldStop?.()) return { losses, coords, stopped: true };
        const loss = await plane.lossAt(coords[i]!, coords[j]!);
        losses[net]![j * opts.size + i] = loss;
        done += 1;
        opts.onPoint?.({ net, i, j, loss, done, total });
      }
    }
    return { losses, coords, stopped: false };
  } finally {
    for (const p of planes) p.dispose();
  }
}

/** Normalised images and labels as LossBatches of at most `chunk` images (dispose each x and labels when done). */
export function lossBatches(x: tf.Tensor4D, labels: ArrayLike<number>, chunk = 128): LossBatch[] {
  if (labels.length !== x.shape[0]) throw new Error(`One label per image: ${x.shape[0]} images, ${labels.length} labels.`);
  const out: LossBatch[] = [];
  for (let s = 0; s < x.shape[0]; s += chunk) {
    const n = Math.min(chunk, x.shape[0] - s);
    out.push({ x: tf.slice(x, [s, 0, 0, 0], [n, -1, -1, -1]), labels: tf.tensor1d(Array.from(labels).slice(s, s + n), 'int32') });
  }
  return out;
}
