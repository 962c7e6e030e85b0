/**
 * Activation taps: the intermediate tensors of a forward pass, read back as plain arrays with shapes, by the stable
 * ids of the naming module. Runs the model's own forward code, so what a lab shows is what the model computes.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { InspectableModel } from '../model/build.ts';
import { BLOCK_TAPS, tapId, type BlockTap } from '../../core/model/naming.ts';
import type { BnInference } from '../../core/model/types.ts';

/** One captured tensor: id, shape (NHWC for maps, [B,K] for logits) and its values in row-major order. */
export interface Activation {
  readonly id: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** One tap of a block: its name within the block (x, conv1, ..., out) and the captured values. */
export interface BlockActivation extends Activation {
  readonly tap: BlockTap;
}

export interface TapOptions {
  /** BN statistics for this pass (default: the model's inference setting). Never updates running statistics. */
  readonly bn?: BnInference;
}

/**
 * The tensors with the given ids (e.g. 'stem.bn', 'stage2.block0.bn1', 'logits') for input x [B,H,W,C], in the order
 * the forward pass produced them. Ids the pass never produced (e.g. the shortcut of a plain block) are left out.
 */
export async function captureActivations(model: InspectableModel, x: tf.Tensor4D, ids: readonly string[], opts: TapOptions = {}): Promise<Activation[]> {
  const wanted = new Set(ids);
  const kept: Array<{ id: string; t: tf.Tensor }> = [];
  try {
    tf.tidy(() => {
      model.applyWithTap(x, { training: false, bn: opts.bn }, (id, t) => {
        // clone: the block input of one block is the output of the previous; each capture owns its tensor.
        if (wanted.has(id)) kept.push({ id, t: tf.keep(t.clone()) });
      });
    });
    const out: Activation[] = [];
    for (const { id, t } of kept) out.push({ id, shape: t.shape, data: (await t.data()) as Float32Array });
    return out;
  } finally {
    for (const { t } of kept) t.dispose();
  }
}

/** Resolves a block given by global index or id ('stage2.block0') to its id; throws naming the valid range. */
export function resolveBlock(model: InspectableModel, block: number | string): string {
  const plan = typeof block === 'number' ? model.blocks[block] : model.blocks.find((b) => b.id === block);
  if (!plan) {
    const last = model.blocks[model.blocks.length - 1]?.id ?? 'none';
    throw new Error(`No block ${JSON.stringify(block)}: use an index 0..${model.blocks.length - 1} or an id from stage1.block0 to ${last}.`);
  }
  return plan.id;
}

/**
 * Every intermediate tensor of one block for input x, in order: x, conv1, bn1, relu1, conv2, bn2 (= F(x)), shortcut,
 * sum (= F(x) + shortcut), out. A block without a skip connection has no shortcut and no sum.
 */
export async function blockTaps(model: InspectableModel, x: tf.Tensor4D, block: number | string, opts: TapOptions = {}): Promise<BlockActivation[]> {
  const id = resolveBlock(model, block);
  const acts = await captureActivations(model, x, BLOCK_TAPS.map((t) => tapId(id, t)), opts);
  return acts.map((a) => ({ ...a, tap: a.id.slice(id.length + 1) as BlockTap }));
}
