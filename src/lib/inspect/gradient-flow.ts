/**
 * The gradient-flow lab's measurement: ||dL/dW|| of every 3x3 convolution and ||dL/dx|| at every block input, for one
 * batch, through the one gradient inspector (stats.ts). Entry points take a model, or safetensors bytes + a config.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { createModel, type InspectableModel } from '../model/build.ts';
import { modelFromTorchSafetensors } from '../weights/torch.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import { gradientNorms, type GradientNorm } from './stats.ts';

export interface GradientFlow {
  readonly loss: number;
  /** The 3x3 convolutions in forward order (stem, then conv1 and conv2 of each block): depth - 1 of them; projections left out. */
  readonly convs: GradientNorm[];
  /** dL/dx at each block input, in forward order (3n of them). */
  readonly inputs: GradientNorm[];
}

/** Ids of the 3x3 conv weights of a model, in forward order (the layers of the paper's depth count, less the fc). */
export function conv3x3Ids(model: InspectableModel): string[] {
  return model.specs.filter((s) => s.layout === 'conv' && s.shape[0] === 3 && s.trainable).map((s) => s.id);
}

/** Gradient norms of a model for a normalised batch x [B,H,W,C] and labels [B]; BN with the batch's statistics, as in training. */
export async function gradientFlow(model: InspectableModel, x: tf.Tensor4D, labels: ArrayLike<number>): Promise<GradientFlow> {
  const { loss, norms, inputs } = await gradientNorms(model, x, labels, { bn: 'batch' });
  const byId = new Map(norms.map((n) => [n.id, n] as const));
  return { loss, convs: conv3x3Ids(model).map((id) => byId.get(id)!), inputs };
}

/** The gradient flow of `config` with PyTorch safetensors weights, or at its seeded initialisation when weights is null. */
export async function gradientFlowOf(config: ModelConfig, weights: Uint8Array | ArrayBuffer | null, x: tf.Tensor4D, labels: ArrayLike<number>): Promise<GradientFlow> {
  const model = weights ? modelFromTorchSafetensors(config, weights) : createModel(config);
  try {
    return await gradientFlow(model, x, labels);
  } finally {
    model.dispose();
  }
}
