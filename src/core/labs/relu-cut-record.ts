/**
 * A recorded measurement the "Why it works" chapter quotes: `npx node scripts/labs/relu-cut.ts 100` on the reference
 * ResNet-20 (PyTorch, 30 epochs), the share of the entries of x + F(x) below zero, which the ReLU after the addition
 * sets to zero (so its mask D also blocks the shortcut's gradient there), over the first 100 test images in one batch,
 * per block (index 0..8 = stage 1 block 0 .. stage 3 block 2). Recorded 2026-11-30 on the WASM backend.
 */
export const RELU_CUT_RESNET20 = [0.327, 0.225, 0.144, 0.475, 0.356, 0.297, 0.659, 0.606, 0.618] as const;

/** How many test images the record counts over. */
export const RELU_CUT_IMAGES = 100;

/** The smallest and largest share among the given blocks (all nine by default), e.g. reluCutRange([6, 7, 8]) = [0.606, 0.659]. */
export function reluCutRange(blocks: readonly number[] = RELU_CUT_RESNET20.map((_, i) => i)): [number, number] {
  const values = blocks.map((b) => {
    const v = RELU_CUT_RESNET20[b];
    if (v === undefined) throw new Error(`ResNet-20 has blocks 0 to 8, got ${b}.`);
    return v;
  });
  return [Math.min(...values), Math.max(...values)];
}
