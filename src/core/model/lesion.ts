/**
 * Deleting blocks at test time (Veit, Wilber, Belongie 2016): which blocks of a network can be deleted and what takes
 * their place. A residual block loses its residual branch F(x) and keeps its shortcut, so it outputs ReLU(shortcut(x)):
 * x itself for an identity shortcut (x is already a ReLU output), the projection (option B) or the subsampled,
 * zero-padded x (option A) where the block changes shape. A plain block has no shortcut: the identity takes its place
 * where its input and output shapes agree; a plain block that changes shape cannot be deleted.
 */
import type { BlockPlan } from './architecture.ts';

/** What stands in for a deleted block: its own shortcut (residual), the identity (plain, same shape), or nothing possible. */
export type LesionStandIn = 'shortcut' | 'identity' | 'impossible';

export function lesionStandIn(b: BlockPlan): LesionStandIn {
  if (b.shortcut !== 'none') return 'shortcut';
  return b.stride === 1 && b.inChannels === b.outChannels ? 'identity' : 'impossible';
}

/** Global indices of the blocks that can be deleted, in forward order. */
export function deletableBlocks(blocks: readonly BlockPlan[]): number[] {
  return blocks.filter((b) => lesionStandIn(b) !== 'impossible').map((b) => b.index);
}

/** The set of blocks to skip, checked: whole indices of existing blocks that can be deleted; throws naming the fix. */
export function checkLesion(blocks: readonly BlockPlan[], skip: Iterable<number>): ReadonlySet<number> {
  const set = new Set<number>();
  for (const i of skip) {
    const b = Number.isInteger(i) ? blocks[i] : undefined;
    if (!b) throw new Error(`Cannot delete block ${i}: this network has blocks 0 to ${blocks.length - 1}.`);
    if (lesionStandIn(b) === 'impossible') {
      throw new Error(`Cannot delete ${b.id}: it is a plain block that changes shape (${b.inChannels} to ${b.outChannels} channels, stride ${b.stride}), so nothing can take its place. Deletable blocks: ${deletableBlocks(blocks).join(', ') || 'none'}.`);
    }
    set.add(i);
  }
  return set;
}
