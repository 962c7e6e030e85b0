/**
 * A network as data: the configuration every layer shares (the model, weight import/export, summaries, diagrams,
 * the labs' settings). Plain TypeScript; the tensors that realise it live in src/lib/model.
 */

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
