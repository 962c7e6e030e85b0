/**
 * The model library's public contract, shared by the training engine, the worker, the inspectors and the CLI tools.
 * Architecture is data (ModelConfig); a Model is its variables plus a forward function. No tfjs-layers.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { BnInference, ModelConfig } from '../../core/model/types.ts';


export interface ForwardOptions {
  /** true: BN normalises with the batch's statistics and updates its running statistics (PyTorch momentum 0.1, unbiased variance). */
  readonly training: boolean;
  /** Overrides the model's bnInference for this call when training is false. */
  readonly bn?: BnInference;
  /** Global indices of blocks deleted for this pass (Veit et al. 2016's lesion; see core/model/lesion.ts). Inference only. */
  readonly skipBlocks?: readonly number[];
}

export interface Model {
  readonly config: ModelConfig;
  /** Trainable variables by stable id from the naming module, e.g. 'stage2.block0.conv1.weight'; conv weights [kh, kw, in, out]. */
  readonly params: ReadonlyMap<string, tf.Variable>;
  /** BN running statistics by id, e.g. 'stage2.block0.bn1.running_mean'; not trainable. */
  readonly buffers: ReadonlyMap<string, tf.Variable>;
  /** Logits [B, numClasses] of a normalised NHWC batch [B, H, W, C]; does not dispose x. Call inside tf.tidy or dispose the result. */
  apply(x: tf.Tensor4D, opts: ForwardOptions): tf.Tensor2D;
  /** Switches BN's inference statistics on a trained model. */
  setBnInference(mode: BnInference): void;
  /** Frees every variable. */
  dispose(): void;
}
