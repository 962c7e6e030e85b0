/**
 * The architecture as plain data derived from a ModelConfig: the stem, one BlockPlan per basic block, the head.
 * Pure shape arithmetic (no tensors), shared by the model, the summary, weight import/export and the diagrams.
 */
import { hasSkip, validateConfig } from './config.ts';
import { blockId } from './naming.ts';
import type { ModelConfig } from './types.ts';

/** How a block's input reaches its addition: none (plain block), identity, 1x1 conv + BN, or subsample + zero channels. */
export type ShortcutPlan = 'none' | 'identity' | 'projection' | 'zeropad';

/** One basic block: conv3x3(stride) -> BN -> ReLU -> conv3x3 -> BN (+ shortcut) -> ReLU. */
export interface BlockPlan {
  /** Global block index 0 .. stages*n-1 (the PyTorch `body.{index}`). */
  readonly index: number;
  /** Stage number, 1-based (stage1 has the stem's width). */
  readonly stage: number;
  /** Block number within its stage, 0-based. */
  readonly block: number;
  /** Stable id, e.g. 'stage2.block0'. */
  readonly id: string;
  readonly inChannels: number;
  readonly outChannels: number;
  /** Stride of the first conv (2 at the first block of every stage after the first). */
  readonly stride: 1 | 2;
  /** Input and output feature-map side (square maps). */
  readonly inSize: number;
  readonly outSize: number;
  readonly shortcut: ShortcutPlan;
}

/** The blocks of a configuration, in forward order. */
export function planBlocks(config: ModelConfig): BlockPlan[] {
  validateConfig(config);
  const plans: BlockPlan[] = [];
  let channels = config.widths[0]!;
  let size = config.inputSize;
  config.widths.forEach((width, s) => {
    for (let b = 0; b < config.blocksPerStage; b++) {
      const index = s * config.blocksPerStage + b;
      const stride: 1 | 2 = s > 0 && b === 0 ? 2 : 1;
      const outSize = size / stride;
      // A shortcut is needed exactly where the block changes the map size or the width.
      const changes = stride !== 1 || channels !== width;
      const shortcut: ShortcutPlan = !hasSkip(config, index) ? 'none' : !changes ? 'identity' : config.shortcut;
      plans.push({ index, stage: s + 1, block: b, id: blockId(s + 1, b), inChannels: channels, outChannels: width, stride, inSize: size, outSize, shortcut });
      channels = width;
      size = outSize;
    }
  });
  return plans;
}

/** Side of the last feature map (8 for CIFAR-style 32x32 inputs and three stages). */
export function finalMapSize(config: ModelConfig): number {
  return config.inputSize / 2 ** (config.widths.length - 1);
}
