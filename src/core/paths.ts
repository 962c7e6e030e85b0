/**
 * The unrolled view of a stack of residual blocks (Veit, Wilber & Belongie 2016): with n blocks, the gradient of the
 * output with respect to the input is the product of n factors (I + J_i), which multiplies out into 2^n terms, one per
 * path, a path being the choice of entering or skipping each block. This module counts and names those paths; the
 * "Why it works" chapter quotes the counts and its figure draws the paths.
 */

/** One path through `enters.length` blocks: enters[i] says whether it passes through F of block i+1. */
export interface UnrolledPath {
  /** e.g. "101": enters blocks 1 and 3, skips block 2. */
  readonly id: string;
  readonly enters: readonly boolean[];
  /** How many blocks the path enters (the number of Jacobians J_i in its term). */
  readonly length: number;
}

/** Where the block's ReLUs sit: 'post' = the paper's block (ReLU after the addition), 'pre' = pre-activation. */
export type ActivationOrder = 'post' | 'pre';

/** The fewest and most blocks the figure draws (2^5 = 32 paths still fit a phone screen). */
export const UNROLL_MIN_BLOCKS = 1;
export const UNROLL_MAX_BLOCKS = 5;

function checkBlocks(blocks: number, max = Infinity): void {
  if (!Number.isInteger(blocks) || blocks < 1 || blocks > max) {
    throw new Error(`A stack of residual blocks has a whole number of blocks from 1${max < Infinity ? ` to ${max}` : ''}, got ${blocks}.`);
  }
}

/** Every path through `blocks` blocks, shortest first; paths of one length in the order of their ids, "100" before "010". */
export function unrolledPaths(blocks: number): UnrolledPath[] {
  checkBlocks(blocks, UNROLL_MAX_BLOCKS);
  const paths: UnrolledPath[] = [];
  for (let mask = 0; mask < 2 ** blocks; mask++) {
    const enters = Array.from({ length: blocks }, (_, i) => Boolean(mask & (1 << i)));
    paths.push({ id: enters.map((e) => (e ? '1' : '0')).join(''), enters, length: enters.filter(Boolean).length });
  }
  return paths.sort((a, b) => a.length - b.length || b.id.localeCompare(a.id));
}

/** C(n, k) exactly, as a bigint. */
function binomial(n: number, k: number): bigint {
  let c = 1n;
  for (let i = 1; i <= k; i++) c = (c * BigInt(n - k + i)) / BigInt(i);
  return c;
}

/** 2^blocks: how many paths a stack of `blocks` residual blocks unrolls into. */
export function pathCount(blocks: number): number {
  checkBlocks(blocks);
  return 2 ** blocks;
}

/** How many of the paths enter exactly `length` of the `blocks` blocks: C(blocks, length). */
export function pathsOfLength(blocks: number, length: number): number {
  checkBlocks(blocks);
  if (!Number.isInteger(length) || length < 0 || length > blocks) throw new Error(`A path through ${blocks} blocks enters 0 to ${blocks} of them, got ${length}.`);
  return Number(binomial(blocks, length));
}

/**
 * The narrowest range of path lengths centred on blocks/2 that holds at least `share` of all paths, e.g.
 * centralPathLengths(54, 0.95) = [20, 34]: 95% of ResNet-110's paths enter between 20 and 34 of its 54 blocks.
 */
export function centralPathLengths(blocks: number, share: number): [number, number] {
  checkBlocks(blocks);
  if (!(share > 0 && share <= 1)) throw new Error(`The share of paths is in (0, 1], got ${share}.`);
  const total = 2n ** BigInt(blocks);
  for (let half = 0; ; half++) {
    const lo = Math.max(0, Math.floor(blocks / 2) - half);
    const hi = Math.min(blocks, Math.ceil(blocks / 2) + half);
    let inside = 0n;
    for (let k = lo; k <= hi; k++) inside += binomial(blocks, k);
    // Compare inside / total >= share without losing precision on 2^54: scale share to parts per million.
    if (inside * 1_000_000n >= BigInt(Math.ceil(share * 1_000_000)) * total) return [lo, hi];
  }
}

const subscript = (i: number) => String(i).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)] ?? d);

/**
 * The path's term of the gradient ∂x_n/∂x_0, as factors from the last block to the first: J_i where the path enters
 * block i, and with the ReLU after the addition ('post') the 0/1 mask D_i of that ReLU at every block, entered or not.
 * pathTerm({enters: [true, false, true]}, 'post') = ['D₃J₃', 'D₂', 'D₁J₁']; with 'pre' = ['J₃', 'J₁'] (the
 * all-skip path of a pre-activation stack is the identity: []).
 */
export function pathTerm(path: Pick<UnrolledPath, 'enters'>, order: ActivationOrder): string[] {
  const factors: string[] = [];
  for (let i = path.enters.length; i >= 1; i--) {
    const j = path.enters[i - 1] ? `J${subscript(i)}` : '';
    const d = order === 'post' ? `D${subscript(i)}` : '';
    if (d || j) factors.push(`${d}${j}`);
  }
  return factors;
}

/** "x₀" ... "xₙ": the name of the input of block i+1 (x₀ is the stack's input). */
export function signalName(i: number): string {
  return `x${subscript(i)}`;
}

/** "F₁" ... : the residual branch of block i (1-based). */
export function branchName(i: number): string {
  return `F${subscript(i)}`;
}
