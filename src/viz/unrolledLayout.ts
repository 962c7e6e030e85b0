/**
 * Layout of the unrolled view (Veit et al. 2016, Fig. 1): a stack of n residual blocks drawn as its 2^n paths, one lane
 * per path from x₀ (left) to xₙ (right). In each block's column a lane either passes through that block's branch Fᵢ or
 * takes its shortcut; with the ReLU after the addition every lane also crosses that ReLU once per block.
 * Pure: numbers in, view model out; the renderer and the tests read it.
 */
import {
  UNROLL_MAX_BLOCKS, UNROLL_MIN_BLOCKS, branchName, pathTerm, pathsOfLength, signalName, unrolledPaths,
  type ActivationOrder,
} from '../core/paths.ts';

/** One block's column on one lane: through the branch (a box) or along the shortcut (the bare line). */
export interface LaneSegment {
  readonly block: number;
  readonly kind: 'enter' | 'skip';
  readonly x0: number;
  readonly x1: number;
}

export interface Lane {
  readonly id: string;
  readonly y: number;
  readonly length: number;
  readonly segments: readonly LaneSegment[];
  /** x of the ReLU after each addition this lane crosses (none for pre-activation blocks). */
  readonly relus: readonly number[];
  /** The lane's term of ∂xₙ/∂x₀, e.g. "D₃J₃ · D₂ · D₁J₁". */
  readonly term: string;
  /** What the details panel and the screen reader say about the lane. */
  readonly detail: string;
}

/** A label left of the first lane of each path length. */
export interface GroupLabel {
  readonly length: number;
  readonly y: number;
  readonly text: string;
  readonly count: string;
}

export interface UnrolledView {
  readonly blocks: number;
  readonly order: ActivationOrder;
  readonly width: number;
  readonly height: number;
  readonly lanes: readonly Lane[];
  readonly groups: readonly GroupLabel[];
  /** Column headers: the block's name and its x centre. */
  readonly columns: readonly { readonly label: string; readonly x: number }[];
  readonly input: { readonly label: string; readonly x: number };
  readonly output: { readonly label: string; readonly x: number };
  readonly box: { readonly w: number; readonly h: number };
  /** Text alternative of the whole figure. */
  readonly summary: string;
}

export const unrollOrders: readonly ActivationOrder[] = ['post', 'pre'];

const W = 360;
const LEFT = 96;
const RIGHT = W - 28;
const TOP = 34;
const ROW = 22;
const GROUP_GAP = 10;

const blocksWord = (n: number) => `${n} block${n === 1 ? '' : 's'}`;
const pathsWord = (n: number) => `${n} path${n === 1 ? '' : 's'}`;

/** The lanes of `blocks` blocks with the ReLU placed as `order` says. */
export function layoutUnrolled(blocks: number, order: ActivationOrder): UnrolledView {
  if (!Number.isInteger(blocks) || blocks < UNROLL_MIN_BLOCKS || blocks > UNROLL_MAX_BLOCKS) {
    throw new Error(`The unrolled view draws ${UNROLL_MIN_BLOCKS} to ${UNROLL_MAX_BLOCKS} blocks, got ${blocks}.`);
  }
  if (!unrollOrders.includes(order)) throw new Error(`The ReLU order is one of ${unrollOrders.join(', ')}, got ${order}.`);
  const col = (RIGHT - LEFT) / blocks;
  // "block 4 block 5" would run together in narrow columns: past three blocks the headers are the bare numbers.
  const columns = Array.from({ length: blocks }, (_, i) => ({ label: blocks > 3 ? `${i + 1}` : `block ${i + 1}`, x: LEFT + col * (i + 0.5) }));
  const box = { w: Math.min(36, col - 14), h: 16 };
  const last = signalName(blocks);

  const lanes: Lane[] = [];
  const groups: GroupLabel[] = [];
  let y = TOP;
  let previous = -1;
  for (const p of unrolledPaths(blocks)) {
    if (p.length !== previous) {
      if (previous >= 0) y += GROUP_GAP;
      const count = pathsOfLength(blocks, p.length);
      groups.push({ length: p.length, y, text: `${p.length} of ${blocks}`, count: pathsWord(count) });
      previous = p.length;
    }
    const segments = p.enters.map((e, i) => ({ block: i + 1, kind: e ? 'enter' as const : 'skip' as const, x0: LEFT + col * i, x1: LEFT + col * (i + 1) }));
    const factors = pathTerm(p, order);
    const term = factors.length ? factors.join(' · ') : 'I';
    const entered = segments.filter((s) => s.kind === 'enter').map((s) => branchName(s.block));
    const route = entered.length ? `through ${entered.join(', ')}` : 'along every shortcut, through no branch';
    const masks = order === 'post' ? `, and ${blocksWord(blocks).replace('block', 'ReLU mask')}` : '';
    lanes.push({
      id: p.id,
      y,
      length: p.length,
      segments,
      relus: order === 'post' ? segments.map((s) => s.x1 - 4) : [],
      term,
      detail: `Path ${route}: its term of ∂${last}/∂x₀ is ${term} (${p.length} Jacobian${p.length === 1 ? '' : 's'}${masks}).`,
    });
    y += ROW;
  }

  const counts = groups.map((g) => `${g.count} through ${g.length}`).join(', ');
  const relu = order === 'post'
    ? `With the ReLU after each addition, every path, the shortcut-only one included, passes ${blocksWord(blocks).replace('block', 'ReLU')}, and its gradient is multiplied by each ReLU's 0/1 mask Dᵢ.`
    : 'With pre-activation blocks nothing follows the additions: the shortcut-only path carries the gradient unchanged (its term is the identity I).';
  return {
    blocks,
    order,
    width: W,
    height: y + 4,
    lanes,
    groups,
    columns,
    input: { label: 'x₀', x: LEFT - 14 },
    output: { label: last, x: RIGHT + 14 },
    box,
    summary: `${blocksWord(blocks)} unrolled into ${pathsWord(lanes.length)}, one per choice of entering or skipping each block: ${counts} of the blocks. ${relu}`,
  };
}
