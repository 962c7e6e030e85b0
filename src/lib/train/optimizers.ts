/**
 * Adam and SGD with momentum, exactly as PyTorch's torch.optim defines them, over one flat vector of all parameters:
 * a handful of element-wise ops per step instead of a dozen per variable (on WebGL every op is a shader dispatch).
 * State (moments, step count) leaves as plain Float32Arrays per parameter, under PyTorch's slot names.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FLATTEN, numbered, runIfRegistered, SUBTRACT_SLICES } from '../kernels.ts';

export type { AdamSettings, OptimizerSettings, SgdSettings } from '../../core/train/optimizer-settings.ts';
import type { AdamSettings, OptimizerSettings, SgdSettings } from '../../core/train/optimizer-settings.ts';

/** One named float32 array and its shape: the unit a checkpoint stores. */
export interface NamedArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Optimizer state as plain data: updates done, and per-parameter slots named `<param id>.<slot>`. */
export interface OptimizerState {
  readonly step: number;
  readonly slots: readonly NamedArray[];
}

const SLOT_NAMES = { adam: ['exp_avg', 'exp_avg_sq'], sgd: ['momentum_buffer'] } as const;

/** Where each parameter lives in the flat vector. */
interface Layout {
  readonly ids: readonly string[];
  readonly sizes: readonly number[];
  readonly total: number;
}

/** The tensors flattened and concatenated: one kernel where the backend registers FLATTEN, else a reshape each and a concat. */
function flat(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  return (runIfRegistered(FLATTEN, numbered(tensors))?.[0] as tf.Tensor1D | undefined) ?? tf.concat1d(tensors.map((t) => tf.reshape(t, [-1]) as tf.Tensor1D));
}

export class FlatOptimizer {
  private layout: Layout | null = null;
  /** Flat slot vectors [total]: Adam [m, v], SGD [buf]. */
  private slots: tf.Variable<tf.Rank.R1>[] = [];
  private updates = 0;

  readonly settings: OptimizerSettings;
  private readonly params: ReadonlyMap<string, tf.Variable>;

  constructor(settings: OptimizerSettings, params: ReadonlyMap<string, tf.Variable>) {
    this.settings = settings;
    this.params = params;
    for (const [k, v] of Object.entries(settings)) {
      if (typeof v === 'number' && !(Number.isFinite(v) && v >= 0)) throw new Error(`Optimizer setting ${k} must be a finite number >= 0, got ${v}.`);
    }
  }

  /** Updates done so far (PyTorch's `state['step']`). */
  get step(): number {
    return this.updates;
  }

  /**
   * One update of every parameter that has a gradient; grads keyed by parameter id. Parameters without a gradient at
   * the first update (unused branches) are left alone for good, as PyTorch leaves params whose .grad is None.
   */
  update(grads: ReadonlyMap<string, tf.Tensor>, lr: number): void {
    if (!Number.isFinite(lr) || lr < 0) throw new Error(`The learning rate must be a finite number >= 0, got ${lr}.`);
    const layout = this.layout ?? this.initLayout([...this.params.keys()].filter((id) => grads.has(id)));
    this.updates += 1;
    tf.tidy(() => {
      const vars = layout.ids.map((id) => this.params.get(id)!);
      const g0 = flat(layout.ids.map((id) => this.gradOf(grads, id)));
      const wd = this.settings.weightDecay;
      const g: tf.Tensor1D = wd > 0 ? tf.add(g0, tf.mul(flat(vars), wd)) : g0;
      const delta = this.settings.kind === 'adam' ? this.adamDelta(this.settings, g, lr) : this.sgdDelta(this.settings, g, lr);
      // One kernel where the backend registers it (wasm with the module), else a split and a subtraction per parameter.
      const updated = runIfRegistered(SUBTRACT_SLICES, { delta, ...numbered(vars) });
      const parts = updated ?? tf.split(delta, layout.sizes as number[]);
      vars.forEach((v, i) => v.assign(updated ? parts[i]! : tf.sub(v, tf.reshape(parts[i]!, v.shape))));
    });
  }

  /** The state as plain arrays (reads back from the device). */
  async state(): Promise<OptimizerState> {
    const layout = this.layout;
    if (layout === null) return { step: this.updates, slots: [] };
    const names = SLOT_NAMES[this.settings.kind];
    const slots: NamedArray[] = [];
    for (let s = 0; s < this.slots.length; s++) {
      const flat = (await this.slots[s]!.data()) as Float32Array;
      let offset = 0;
      layout.ids.forEach((id, i) => {
        const size = layout.sizes[i]!;
        slots.push({ name: `${id}.${names[s]!}`, shape: this.params.get(id)!.shape, data: flat.slice(offset, offset + size) });
        offset += size;
      });
    }
    return { step: this.updates, slots };
  }

  /** Restores `state()`; every slot must name a parameter of this model with its shape. */
  setState(state: OptimizerState): void {
    if (!Number.isInteger(state.step) || state.step < 0) throw new Error(`Optimizer state has a bad step count ${state.step}.`);
    const names = SLOT_NAMES[this.settings.kind];
    const byName = new Map(state.slots.map((s) => [s.name, s]));
    const ids = [...this.params.keys()].filter((id) => byName.has(`${id}.${names[0]}`));
    if (state.slots.length !== ids.length * names.length) {
      const known = new Set(ids.flatMap((id) => names.map((n) => `${id}.${n}`)));
      const stray = state.slots.map((s) => s.name).filter((n) => !known.has(n));
      throw new Error(`Optimizer state does not fit this model and a ${this.settings.kind} optimizer: unexpected or incomplete slots (${stray.slice(0, 3).join(', ') || 'missing ' + names.join('/')}). Load a checkpoint made with the same model and recipe.`);
    }
    this.disposeSlots();
    this.updates = state.step;
    if (ids.length === 0) return;
    const layout = this.initLayout(ids);
    names.forEach((n, s) => {
      const flat = new Float32Array(layout.total);
      let offset = 0;
      ids.forEach((id, i) => {
        const slot = byName.get(`${id}.${n}`)!;
        if (slot.data.length !== layout.sizes[i]) throw new Error(`Optimizer slot ${slot.name} has ${slot.data.length} values; parameter ${id} has ${layout.sizes[i]}.`);
        flat.set(slot.data, offset);
        offset += slot.data.length;
      });
      tf.tidy(() => this.slots[s]!.assign(tf.tensor1d(flat)));
    });
  }

  dispose(): void {
    this.disposeSlots();
  }

  private gradOf(grads: ReadonlyMap<string, tf.Tensor>, id: string): tf.Tensor {
    const g = grads.get(id);
    if (g === undefined) throw new Error(`No gradient for parameter ${id}, which had one before; the set of trained parameters must not change during a run.`);
    return g;
  }

  private initLayout(ids: string[]): Layout {
    if (ids.length === 0) throw new Error('No parameter received a gradient: the loss does not depend on the model.');
    const sizes = ids.map((id) => this.params.get(id)!.size);
    const total = sizes.reduce((a, b) => a + b, 0);
    this.layout = { ids, sizes, total };
    this.slots = SLOT_NAMES[this.settings.kind].map(() => tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R1>([total]), false)));
    return this.layout;
  }

  private disposeSlots(): void {
    for (const s of this.slots) s.dispose();
    this.slots = [];
    this.layout = null;
  }

  /** Adam's step, as torch.optim.Adam (non-fused, amsgrad off): p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps). */
  private adamDelta(s: AdamSettings, g: tf.Tensor1D, lr: number): tf.Tensor1D {
    const [m, v] = this.slots as [tf.Variable<tf.Rank.R1>, tf.Variable<tf.Rank.R1>];
    m.assign(tf.add(tf.mul(m, s.beta1), tf.mul(g, 1 - s.beta1)));
    v.assign(tf.add(tf.mul(v, s.beta2), tf.mul(tf.square(g), 1 - s.beta2)));
    const bc1 = 1 - s.beta1 ** this.updates;
    const bc2 = 1 - s.beta2 ** this.updates;
    return tf.mul(tf.div(m, tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), s.eps)), lr / bc1);
  }

  private sgdDelta(s: SgdSettings, g: tf.Tensor1D, lr: number): tf.Tensor1D {
    const [buf] = this.slots as [tf.Variable<tf.Rank.R1>];
    // PyTorch starts the buffer as a copy of the first gradient; with a zero buffer m*0 + g is the same.
    buf.assign(s.momentum > 0 ? tf.add(tf.mul(buf, s.momentum), g) : g);
    return tf.mul(buf, lr);
  }
}
