/**
 * Memory of a forward pass, from the summary's output shapes: how many float32 values the layers produce per image,
 * and how many of them autograd keeps for a backward pass. The errata use it for the tutorial's 10,000-image test batch
 * evaluated without `torch.no_grad()`.
 */
import type { LayerKind, ModelSummary } from './summary.ts';

const FLOAT32_BYTES = 4;

/** Layers whose outputs PyTorch's autograd saves: a convolution's output is its BatchNorm's saved input, a ReLU saves its own output (which is the next convolution's input). */
export const SAVED_FOR_BACKWARD: readonly LayerKind[] = ['Conv2d', 'ReLU'];

/** The rows torchsummary lists (every module call; the residual addition is not a module, so it has no row). */
export const TORCHSUMMARY_KINDS: readonly LayerKind[] = ['Conv2d', 'BatchNorm2d', 'ReLU', 'Block', 'AvgPool2d', 'Linear'];

/** Float32 values the rows of the given kinds output for one image (every row when `kinds` is omitted). */
export function outputValuesPerImage(summary: ModelSummary, kinds?: readonly LayerKind[]): number {
  return summary.rows
    .filter((r) => kinds === undefined || kinds.includes(r.kind))
    .reduce((sum, r) => sum + r.outputShape.reduce((a, b) => a * b, 1), 0);
}

/** Bytes of those outputs, in float32, for a batch of `images`. */
export function activationBytes(summary: ModelSummary, images: number, kinds?: readonly LayerKind[]): number {
  if (!Number.isInteger(images) || images < 1) throw new Error(`A batch has at least one image, got ${images}.`);
  return outputValuesPerImage(summary, kinds) * FLOAT32_BYTES * images;
}
