/**
 * Parameter counts the chapters quote, derived from the parameter specs (never typed in by hand): what the projection
 * shortcuts, the stem bias and each block's second BatchNorm contribute to ResNet-20, and what the tutorial's own
 * listing (one BatchNorm shared by both convolutions of a block) has.
 */
import { presetConfig } from './config.ts';
import { countParams, paramSpecs } from './params.ts';
import type { ModelConfig } from './types.ts';

/** Trainable parameters of the layers whose parameter ids match `pattern` (e.g. /\.bn2\./). */
export function paramsMatching(config: ModelConfig, pattern: RegExp): number {
  return paramSpecs(config)
    .filter((s) => s.trainable && pattern.test(s.id))
    .reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1), 0);
}

/** Trainable parameters of one layer, by id ('stage2.block0.shortcut.conv', 'fc', ...); throws for an unknown id. */
export function paramsOfLayer(config: ModelConfig, layerId: string): number {
  const prefix = `${layerId}.`;
  if (!paramSpecs(config).some((s) => s.id.startsWith(prefix))) throw new Error(`No layer '${layerId}' in this configuration.`);
  return paramSpecs(config).filter((s) => s.trainable && s.id.startsWith(prefix)).reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1), 0);
}

const resnet20 = presetConfig('resnet20');

/**
 * ResNet-20's parameter counts, by part. `tutorialListing` is the model the tutorial's code defines: each block has
 * one BatchNorm (`self.bn`) used after conv1 and again after the addition, so it lacks the 2·C parameters of a second
 * BatchNorm per block: 3·(2·16 + 2·32 + 2·64) = 672, and 272,490 − 672 = 271,818. torchsummary hooks every call of a
 * module, so it lists the shared BatchNorm twice per block and prints 272,490, the count of the corrected block.
 */
export const RESNET20_COUNTS = {
  /** Projection shortcuts (option B) and a biased stem: the tutorial's summary total. */
  optionB: countParams(resnet20),
  /** Identity + zero-padding shortcuts (option A) and no stem bias: the paper's CIFAR-10 net. */
  optionA: countParams(presetConfig('resnet20-a')),
  /** No shortcuts, biased stem. */
  plain: countParams(presetConfig('plain20')),
  /** Option B with the two projections replaced by zero-padding, stem bias kept (equals the plain net). */
  withoutProjections: countParams({ ...resnet20, shortcut: 'zeropad' }),
  /** Both projection shortcuts (1x1 conv + BN), and each one. */
  projections: paramsMatching(resnet20, /\.shortcut\./),
  projectionStage2: paramsOfLayer(resnet20, 'stage2.block0.shortcut.conv') + paramsOfLayer(resnet20, 'stage2.block0.shortcut.bn'),
  projectionStage3: paramsOfLayer(resnet20, 'stage3.block0.shortcut.conv') + paramsOfLayer(resnet20, 'stage3.block0.shortcut.bn'),
  stemBias: paramsMatching(resnet20, /^stem\.conv\.bias$/),
  /** The second BatchNorm of every block (γ and β): what the tutorial's shared `self.bn` lacks. */
  secondBatchNorms: paramsMatching(resnet20, /\.bn2\./),
  /** The tutorial's model as its code defines it (one BatchNorm per block). */
  tutorialListing: paramsMatching(resnet20, /^(?!.*\.bn2\.)/),
} as const;
