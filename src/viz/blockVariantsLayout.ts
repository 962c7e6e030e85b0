/**
 * Layout of the side-by-side block comparisons of the "Beyond ResNet-20" chapter: a basic block against a bottleneck
 * block, and a post-activation block against a pre-activation one. Each column is a BlockView, the view model of the
 * residual-block diagram (blockLayout.ts), so one renderer (blockDiagram.ts) and one look serve every block figure.
 * The layers and their parameter counts come from core (block-variants.ts).
 */
import { basicBlockLayers, bottleneckBlockLayers, layersParams, type VariantLayer } from '../core/model/block-variants.ts';
import type { BlockEdge, BlockPart, BlockView } from './blockLayout.ts';
import { formatCount, shapeText } from './network.ts';

/** Which comparison: basic vs bottleneck (He et al. 2016, Fig. 5) or post- vs pre-activation (He et al. 2016b). */
export type VariantPair = 'bottleneck' | 'preactivation';
export const variantPairs: readonly VariantPair[] = ['bottleneck', 'preactivation'];

export interface VariantColumn {
  readonly id: string;
  readonly title: string;
  readonly view: BlockView;
}

export interface VariantPairView {
  readonly pair: VariantPair;
  readonly columns: readonly [VariantColumn, VariantColumn];
  /** The figure's text alternative: both blocks and their sizes. */
  readonly summary: string;
}

interface ColumnSpec {
  readonly id: string;
  readonly title: string;
  /** Map height = width. */
  readonly size: number;
  readonly channels: number;
  readonly layers: readonly VariantLayer[];
  /** 'post': a ReLU follows the addition; 'pre': the addition is the block's output. */
  readonly order: 'post' | 'pre';
  readonly where: string;
}

const W = 350;
const MAIN_X = 142;
const SKIP_X = 296;
const BOX_W = 180;
const BOX_H = 28;
const GAP = 14;

const paramText = (n: number) => (n === 0 ? 'no parameters' : `${formatCount(n)} parameters`);

type Draft = Pick<BlockPart, 'id' | 'kind' | 'label' | 'shape' | 'params'> & { what: string };

function layerDraft(l: VariantLayer, size: number, residualEnd: boolean): Draft {
  const shape = [size, size, l.channels] as const;
  if (l.kind === 'conv') {
    const k = `${l.kernel}×${l.kernel}`;
    const role = l.kernel === 1 ? (l.channels < l.cin ? ', reducing the channels' : ', restoring the channels') : '';
    return { id: l.id, kind: 'conv', label: `${k} conv, ${l.channels}`, shape, params: l.params, what: `${k} convolution, ${l.cin} → ${l.channels} channels${role}, no bias (${formatCount(l.params)} weights)${residualEnd ? '; its output is the residual F(x)' : ''}` };
  }
  if (l.kind === 'bn') return { id: l.id, kind: 'bn', label: 'BatchNorm', shape, params: l.params, what: `BatchNorm over ${l.channels} channels (γ and β per channel)${residualEnd ? '; its output is the residual F(x)' : ''}` };
  return { id: l.id, kind: 'relu', label: 'ReLU', shape, params: 0, what: 'ReLU, max(0, ·), inside the residual branch' };
}

function finish(d: Draft, cy: number, w: number, h: number): BlockPart {
  const { what, ...rest } = d;
  const detail = `${what}. Output ${shapeText(d.shape)}; ${paramText(d.params)}.`;
  return { ...rest, detail: detail.charAt(0).toUpperCase() + detail.slice(1), cx: MAIN_X, cy, w, h };
}

/** One block, top to bottom: x, the residual branch, (+), a ReLU after it in the post-activation order, the output. */
export function layoutColumn(spec: ColumnSpec): BlockView {
  const { size, channels, layers, order } = spec;
  const shape = [size, size, channels] as const;
  const drafts: Draft[] = [
    { id: 'x', kind: 'tensor', label: 'x', shape, params: 0, what: 'the block input x' },
    ...layers.map((l, i) => layerDraft(l, size, i === layers.length - 1)),
    { id: 'add', kind: 'add', label: '+', shape, params: 0, what: order === 'pre' ? 'element-wise addition x + F(x), the block output: nothing follows it' : 'element-wise addition F(x) + x' },
  ];
  if (order === 'post') drafts.push({ id: 'relu-out', kind: 'relu', label: 'ReLU', shape, params: 0, what: 'ReLU after the addition, on the shortcut path too' });
  drafts.push({ id: 'out', kind: 'tensor', label: 'output', shape, params: 0, what: 'the block output, the next block\'s x' });

  const parts: BlockPart[] = [];
  let y = 24;
  for (const d of drafts) {
    const isAdd = d.kind === 'add';
    const h = isAdd ? 28 : BOX_H;
    const w = isAdd ? 28 : d.kind === 'tensor' ? 120 : BOX_W;
    parts.push(finish(d, y + h / 2, w, h));
    y += h + GAP;
  }
  const edges: BlockEdge[] = [];
  for (let i = 1; i < parts.length; i++) {
    const a = parts[i - 1]!;
    const b = parts[i]!;
    edges.push({ id: `${a.id}-${b.id}`, kind: 'main', d: `M${MAIN_X},${a.cy + a.h / 2}V${b.cy - b.h / 2}` });
  }
  const x = parts[0]!;
  const add = parts.find((p) => p.id === 'add')!;
  edges.push({ id: 'skip', kind: 'skip', d: `M${MAIN_X + x.w / 2},${x.cy}H${SKIP_X}V${add.cy}H${MAIN_X + add.w / 2}` });
  const first = parts[1]!;
  const last = parts[layers.length]!;
  const residual = { x: MAIN_X - BOX_W / 2 - 12, y0: first.cy - first.h / 2, y1: last.cy + last.h / 2 };
  const totalParams = layersParams(layers);
  return { mode: 'identity', parts, edges, residual, width: W, height: y - GAP + 20, totalParams, summary: describe(spec, totalParams) };
}

function describe(spec: ColumnSpec, total: number): string {
  const steps = spec.layers.map((l) => (l.kind === 'conv' ? `${l.kernel}×${l.kernel} conv (${l.channels})` : l.kind === 'bn' ? 'BatchNorm' : 'ReLU')).join(', ');
  const tail = spec.order === 'pre' ? 'then x + F(x) is the output, with nothing after the addition' : 'then F(x) + x, followed by a ReLU';
  return `${spec.title}, ${spec.where}: the ${shapeText([spec.size, spec.size, spec.channels])} input x goes through ${steps}, giving F(x); the shortcut carries x unchanged; ${tail}. ${formatCount(total)} parameters.`;
}

const columnSpecs: Record<VariantPair, readonly [ColumnSpec, ColumnSpec]> = {
  bottleneck: [
    { id: 'basic', title: 'Basic block', size: 56, channels: 64, layers: basicBlockLayers(64), order: 'post', where: 'as in ResNet-34 on 56×56 maps' },
    { id: 'bottleneck', title: 'Bottleneck block', size: 56, channels: 256, layers: bottleneckBlockLayers(256, 64), order: 'post', where: 'as in ResNet-50/101/152 on 56×56 maps' },
  ],
  preactivation: [
    { id: 'post', title: 'Post-activation (original)', size: 32, channels: 16, layers: basicBlockLayers(16, 'post'), order: 'post', where: 'a block of stage 1 of a CIFAR-10 ResNet' },
    { id: 'pre', title: 'Pre-activation', size: 32, channels: 16, layers: basicBlockLayers(16, 'pre'), order: 'pre', where: 'the same block with BatchNorm and ReLU in front of each convolution' },
  ],
};

/** The two columns of a comparison, laid out, and the figure's text alternative. */
export function layoutVariantPair(pair: VariantPair): VariantPairView {
  const specs = columnSpecs[pair];
  if (!specs) throw new Error(`Unknown block comparison "${String(pair)}"; use one of ${variantPairs.join(', ')}.`);
  const columns = specs.map((s) => ({ id: s.id, title: s.title, view: layoutColumn(s) })) as unknown as readonly [VariantColumn, VariantColumn];
  return { pair, columns, summary: `${columns[0].view.summary} ${columns[1].view.summary}` };
}
