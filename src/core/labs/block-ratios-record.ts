/**
 * A recorded measurement the block stepper's text quotes: `node scripts/labs/block-ratios.ts 20` on the reference
 * ResNet-20 (PyTorch, 30 epochs), the median over channels of ||F(x)_c|| / ||shortcut_c||, averaged over the first 20
 * test images, per block (index 0..8 = stage 1 block 0 .. stage 3 block 2). Recorded 2026-11-30 on the WASM backend.
 */
export const BLOCK_RATIOS_RESNET20 = [1.18, 0.6, 0.54, 1.34, 0.58, 0.39, 1.64, 1.37, 1.56] as const;

/** How many test images the record averages over. */
export const BLOCK_RATIOS_IMAGES = 20;

/** The smallest and largest ratio among the given blocks, e.g. blockRatioRange([1, 2, 4, 5]) = [0.39, 0.6]. */
export function blockRatioRange(blocks: readonly number[]): [number, number] {
  const values = blocks.map((b) => {
    const v = BLOCK_RATIOS_RESNET20[b];
    if (v === undefined) throw new Error(`ResNet-20 has blocks 0 to 8, got ${b}.`);
    return v;
  });
  return [Math.min(...values), Math.max(...values)];
}
