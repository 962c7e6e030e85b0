/**
 * The model library's public contract, shared by the training engine, the worker, the inspectors and the CLI tools.
 * Architecture is data (ModelConfig); a Model is its variables plus a forward function. No tfjs-layers.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** Where a block's input and output shapes differ: 'projection' = 1x1 conv + BN (option B), 'zeropad' = subsample + zero channels (option A). */
export type ShortcutKind = 'projection' | 'zeropad';

/** Which statistics BatchNorm uses at inference: running averages (canonical) or the batch's own (the tutorial's choice). */
export type BnInference = 'running' | 'batch';

/** A plain or residual CIFAR-style network of depth 6n+2 (for three stages). */
export interface ModelConfig {
  /** Basic blocks per stage (n); ResNet-20 has 3. */
  readonly blocksPerStage: number;
  /** Output channels of each stage; the first stage's width is also the stem's. ResNet-20: [16, 32, 64]. */
  readonly widths: readonly number[];
  /** Which blocks add a skip connection, by global block index 0 .. stages*n-1: all, none, or one flag per block. */
  readonly skips: 'all' | 'none' | readonly boolean[];
  readonly shortcut: ShortcutKind;
  /** Whether the stem's 3x3 convolution has a bias (the tutorial's does). */
  readonly stemBias: boolean;
  readonly bnInference: BnInference;
  readonly numClasses: number;
  /** Input height = width (32 for CIFAR-10; a lab may downsample). */
  readonly inputSize: number;
  readonly inputChannels: number;
  /** Seed of the initialisation (Kaiming normal, fan_out, ReLU gain; BN gamma 1, beta 0). */
  readonly seed: number;
}

export interface ForwardOptions {
  /** true: BN normalises with the batch's statistics and updates its running statistics (PyTorch momentum 0.1, unbiased variance). */
  readonly training: boolean;
  /** Overrides the model's bnInference for this call when training is false. */
  readonly bn?: BnInference;
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
