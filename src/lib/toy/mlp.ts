/**
 * The landing page's toy nets: multilayer perceptrons of width w with BatchNorm on 2-D points, plain or residual, and
 * their training step. Layers (depth = number of weight layers):
 *   input:   h = relu(BN(x W0))                                  [B, 2] -> [B, w]
 *   plain:   depth - 2 times h = relu(BN(h W))                     [B, w] -> [B, w]
 *   residual: (depth - 2) / 2 blocks h = relu(h + F(h)) with F(h) = BN(relu(BN(h Wa)) Wb), He et al.'s basic block
 *            with dense layers in place of convolutions and the ReLU after the addition
 *   output:  logits = h Wout + bout                               [B, w] -> [B, 2]
 * Linear layers followed by BN have no bias (BN's beta replaces it). Training-mode BN is the model library's own
 * (layers.ts), on the batch viewed as [B, 1, 1, w], so it normalises over the batch as PyTorch's BatchNorm1d does. No
 * running statistics are kept (they would cost five ops per layer per step, a third of the forward pass): the figure
 * evaluates with the exact statistics of the whole training set instead (applyWithStatsOf).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ToyNet } from '../../core/toy/race-config.ts';
import { Rng } from '../../core/random.ts';
import { BN_EPSILON, batchNorm, type BnVariables } from '../model/layers.ts';
import type { FlatOptimizer } from '../train/optimizers.ts';
import { countWrong, crossEntropy, type StepResult } from '../train/step.ts';

const CLASSES = 2;
let created = 0;
const INPUTS = 2;

interface Layer {
  readonly weight: tf.Variable;
  readonly bn: Pick<BnVariables, 'gamma' | 'beta'>;
}

export interface Mlp {
  readonly net: ToyNet;
  /** Trainable variables by id ('layer3.weight', 'layer3.bn.weight', 'out.bias', ...). */
  readonly params: ReadonlyMap<string, tf.Variable>;
  /** Logits [B, 2] of points [B, 2] in training mode: BN normalises with the batch's own statistics. */
  apply(x: tf.Tensor2D): tf.Tensor2D;
  /**
   * Logits [N, 2] of `points` [N, 2], BN normalising with the statistics of `data` [M, 2] (the whole training set) at
   * every layer: PyTorch's eval mode with exact population statistics in place of running averages ("precise BN").
   */
  applyWithStatsOf(data: tf.Tensor2D, points: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

/** He (Kaiming) normal weights [fanIn, fanOut] from `rng`, std sqrt(2 / fanIn), as suits ReLU layers. */
function heNormal(rng: Rng, fanIn: number, fanOut: number, name: string): tf.Variable {
  const values = new Float32Array(fanIn * fanOut);
  const std = Math.sqrt(2 / fanIn);
  for (let i = 0; i < values.length; i++) values[i] = std * rng.normal();
  return tf.tidy(() => tf.variable(tf.tensor2d(values, [fanIn, fanOut]), true, name));
}

/** A toy MLP of `width` units per hidden layer, initialised from `seed` (equal seeds, equal weights). */
export function createMlp(net: ToyNet, width: number, seed: number): Mlp {
  if (net.depth < 2 || (net.skips && net.depth % 2 !== 0)) throw new Error(`${net.label}: depth ${net.depth} does not make a${net.skips ? ' residual' : ''} MLP (>= 2${net.skips ? ', even' : ''}).`);
  const rng = Rng.fromSeed(seed).fork(`toy-${net.depth}-${net.skips ? 'res' : 'plain'}`);
  // tfjs keeps one registry of variable names per process: a counter keeps two races' nets apart.
  const uid = `toy${++created}`;
  const params = new Map<string, tf.Variable>();
  const layers: Layer[] = [];
  for (let i = 0; i < net.depth - 1; i++) {
    const id = `layer${i}`;
    const weight = heNormal(rng, i === 0 ? INPUTS : width, width, `${uid}.${id}.weight`);
    // Residual nets start each block's last BN at gamma = 0, so every block starts as the identity (torchvision's
    // zero_init_residual, Goyal et al. 2017): the 30-layer residual net starts as a 2-layer one and does not first
    // have to undo the variance that 14 random branches add up to.
    const lastOfBlock = net.skips && i > 0 && i % 2 === 0;
    const bn = {
      gamma: tf.tidy(() => tf.variable(lastOfBlock ? tf.zeros([width]) : tf.ones([width]), true, `${uid}.${id}.bn.weight`)),
      beta: tf.tidy(() => tf.variable(tf.zeros([width]), true, `${uid}.${id}.bn.bias`)),
    };
    params.set(`${id}.weight`, weight).set(`${id}.bn.weight`, bn.gamma).set(`${id}.bn.bias`, bn.beta);
    layers.push({ weight, bn });
  }
  const outW = heNormal(rng, width, CLASSES, `${uid}.out.weight`);
  // tidy frees the initial values; variables survive it.
  const outB = tf.tidy(() => tf.variable(tf.zeros([CLASSES]), true, `${uid}.out.bias`));
  params.set('out.weight', outW).set('out.bias', outB);

  /** BN of z [B, w] with z's own batch statistics (training mode), or with `stats` (mean, variance) when given. */
  const linearBn = (h: tf.Tensor2D, l: Layer, stats?: readonly [tf.Tensor, tf.Tensor]): tf.Tensor2D => {
    const z: tf.Tensor2D = tf.matMul(h, l.weight as tf.Tensor as tf.Tensor2D);
    const [b, w] = z.shape;
    if (stats) return tf.batchNorm2d(z, stats[0] as tf.Tensor1D, stats[1] as tf.Tensor1D, l.bn.beta as tf.Tensor as tf.Tensor1D, l.bn.gamma as tf.Tensor as tf.Tensor1D, BN_EPSILON);
    // 'batch' mode reads gamma and beta only; there are no running statistics to update.
    return tf.reshape(batchNorm(tf.reshape(z, [b, 1, 1, w]), l.bn as BnVariables, 'batch'), [b, w]);
  };

  /** Runs `layer` on every input; BN normalises each with the statistics of the first input (training mode). */
  const forward = (inputs: tf.Tensor2D[]): tf.Tensor2D[] => {
    const bn = (hs: tf.Tensor2D[], l: Layer): tf.Tensor2D[] => {
      if (hs.length === 1) return [linearBn(hs[0]!, l)];
      const z0 = tf.matMul(hs[0]!, l.weight as tf.Tensor as tf.Tensor2D);
      const { mean, variance } = tf.moments(z0, 0);
      return hs.map((h) => linearBn(h, l, [mean, variance]));
    };
    let hs = bn(inputs, layers[0]!).map((h) => tf.relu(h));
    for (let i = 1; i < layers.length; i += net.skips ? 2 : 1) {
      if (net.skips) {
        const f = bn(bn(hs, layers[i]!).map((h) => tf.relu(h)), layers[i + 1]!);
        hs = hs.map((h, k) => tf.relu(tf.add(h, f[k]!)));
      } else {
        hs = bn(hs, layers[i]!).map((h) => tf.relu(h));
      }
    }
    return hs.map((h) => tf.add(tf.matMul(h, outW as tf.Tensor as tf.Tensor2D), outB));
  };

  return {
    net,
    params,
    apply(x) {
      return tf.tidy(() => forward([x])[0]!);
    },
    applyWithStatsOf(data, points) {
      return tf.tidy(() => forward([data, points])[1]!);
    },
    dispose() {
      for (const v of params.values()) v.dispose();
    },
  };
}

/**
 * One update of `mlp` on points x [B, 2] with labels [B] (int32): forward in training mode, cross entropy, backward,
 * optimizer step at `lr`. The loss and error count stay on the device for a StepAccumulator. The model library's
 * trainStep does the same for its conv nets (4-D images); the loss, error count and optimizer are shared.
 */
export function toyStep(mlp: Mlp, optimizer: FlatOptimizer, x: tf.Tensor2D, labels: tf.Tensor1D, lr: number): StepResult {
  const ids = [...mlp.params.keys()];
  const vars = [...mlp.params.values()];
  const idOf = new Map(vars.map((v, i) => [v.name, ids[i]!]));
  return tf.tidy(() => {
    let logits: tf.Tensor2D | null = null;
    const { value, grads } = tf.variableGrads(() => {
      logits = tf.keep(mlp.apply(x));
      return crossEntropy(logits, labels);
    }, vars);
    const byId = new Map<string, tf.Tensor>();
    for (const [name, g] of Object.entries(grads)) if (g !== null) byId.set(idOf.get(name)!, g);
    optimizer.update(byId, lr);
    const kept: tf.Tensor2D = logits!;
    const wrong = countWrong(kept, labels);
    kept.dispose();
    return { loss: value, wrong };
  });
}

/** Probability of class 1 at each point of `points` [N, 2], BN with the statistics of `data` [M, 2]: [N]. */
export function classOneProbability(mlp: Mlp, data: tf.Tensor2D, points: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.reshape(tf.slice(tf.softmax(mlp.applyWithStatsOf(data, points)), [0, 1], [-1, 1]), [-1]) as tf.Tensor1D);
}
