/**
 * The forward pass over a model's variables, with an optional tap that sees every named intermediate tensor
 * (ids from the naming module), so activation inspection runs the very same code as training and inference.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BlockPlan } from '../../core/model/architecture.ts';
import { batchNorm, batchNormRelu, conv2d, poolAndDense, zeroPadShortcut, type BnMode, type BnVariables } from './layers.ts';
import { tapId } from '../../core/model/naming.ts';

/** Receives each named intermediate tensor; it is owned by the caller's tidy scope (tf.keep it to hold on to it). */
export type Tap = (id: string, t: tf.Tensor) => void;

/**
 * Replaces a block's input x [B,H,W,C] (block id given) by a tensor of the same shape before the block uses it; the
 * gradient inspector adds zero-valued variables here, whose gradients are then dL/dx at every block input.
 */
export type Inject = (blockId: string, x: tf.Tensor4D) => tf.Tensor4D;

/** What the forward pass needs from a model: its block plan and variables by id. */
export interface Net {
  readonly blocks: readonly BlockPlan[];
  readonly stemBias: boolean;
  variable(id: string): tf.Variable;
}

const NO_BLOCKS: ReadonlySet<number> = new Set();

/** A variable viewed with its rank (variables are created with the shapes of params.ts). */
const as4d = (net: Net, id: string): tf.Tensor4D => net.variable(id) as tf.Tensor as tf.Tensor4D;

function bnVars(net: Net, layer: string): BnVariables {
  return {
    gamma: net.variable(`${layer}.gamma`),
    beta: net.variable(`${layer}.beta`),
    runningMean: net.variable(`${layer}.running_mean`),
    runningVar: net.variable(`${layer}.running_var`),
  };
}

function shortcut(net: Net, b: BlockPlan, x: tf.Tensor4D, mode: BnMode): tf.Tensor4D | null {
  switch (b.shortcut) {
    case 'none':
      return null;
    case 'identity':
      return x;
    case 'zeropad':
      return zeroPadShortcut(x, b.stride, b.outChannels);
    case 'projection': {
      return batchNorm(conv2d(x, as4d(net, `${b.id}.shortcut.conv.weight`), b.stride, 0), bnVars(net, `${b.id}.shortcut.bn`), mode);
    }
  }
}

/**
 * A deleted block (core/model/lesion.ts): ReLU(shortcut(x)) for a residual block, x for a plain one of unchanged shape.
 * Only 'x' and 'out' are tapped, so taps of the deleted branch are absent rather than stale.
 */
function deletedBlock(net: Net, b: BlockPlan, x: tf.Tensor4D, mode: BnMode, tap?: Tap): tf.Tensor4D {
  tap?.(tapId(b.id, 'x'), x);
  const s = shortcut(net, b, x, mode);
  if (s === null && (b.stride !== 1 || b.inChannels !== b.outChannels)) throw new Error(`Cannot delete ${b.id}: a plain block that changes shape has no stand-in.`);
  const out = s === null ? x : tf.relu(s);
  tap?.(tapId(b.id, 'out'), out);
  return out;
}

/** One basic block on x [B,H,W,Cin] -> [B,H/stride,W/stride,Cout]. */
export function blockForward(net: Net, b: BlockPlan, input: tf.Tensor4D, mode: BnMode, tap?: Tap, inject?: Inject): tf.Tensor4D {
  const x = inject ? inject(b.id, input) : input;
  const t = <T extends tf.Tensor>(name: Parameters<typeof tapId>[1], v: T): T => {
    tap?.(tapId(b.id, name), v);
    return v;
  };
  t('x', x);
  const c1 = t('conv1', conv2d(x, as4d(net, `${b.id}.conv1.weight`), b.stride, 1));
  if (tap == null) {
    // Nothing to tap between BN, the addition and ReLU: each BN and what follows it as one operation (layers.ts).
    const r = batchNormRelu(c1, bnVars(net, `${b.id}.bn1`), mode);
    const c = conv2d(r, as4d(net, `${b.id}.conv2.weight`), 1, 1);
    return batchNormRelu(c, bnVars(net, `${b.id}.bn2`), mode, shortcut(net, b, x, mode));
  }
  const r1 = t('relu1', tf.relu(t('bn1', batchNorm(c1, bnVars(net, `${b.id}.bn1`), mode))));
  const c2 = t('conv2', conv2d(r1, as4d(net, `${b.id}.conv2.weight`), 1, 1));
  const f = t('bn2', batchNorm(c2, bnVars(net, `${b.id}.bn2`), mode));
  const s = shortcut(net, b, x, mode);
  if (s === null) return t('out', tf.relu(f));
  t('shortcut', s);
  return t('out', tf.relu(t('sum', tf.add(f, s))));
}

/** Logits [B,K] of a normalised batch x [B,H,W,C], with the blocks in `skip` deleted (checked by the caller) and `inject` applied at every kept block's input; call inside tf.tidy. */
export function forward(net: Net, x: tf.Tensor4D, mode: BnMode, tap?: Tap, skip: ReadonlySet<number> = NO_BLOCKS, inject?: Inject): tf.Tensor2D {
  let h = conv2d(x, as4d(net, 'stem.conv.weight'), 1, 1);
  if (net.stemBias) h = tf.add(h, net.variable('stem.conv.bias'));
  if (tap == null) h = batchNormRelu(h, bnVars(net, 'stem.bn'), mode);
  else {
    tap('stem.conv', h);
    h = batchNorm(h, bnVars(net, 'stem.bn'), mode);
    tap('stem.bn', h);
    h = tf.relu(h);
    tap('stem.relu', h);
  }
  for (const b of net.blocks) h = skip.has(b.index) ? deletedBlock(net, b, h, mode, tap) : blockForward(net, b, h, mode, tap, inject);
  const logits = poolAndDense(h, net.variable('fc.weight') as tf.Tensor as tf.Tensor2D, net.variable('fc.bias') as tf.Tensor as tf.Tensor1D);
  tap?.('logits', logits);
  return logits;
}
