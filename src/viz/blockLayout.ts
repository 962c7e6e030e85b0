/**
 * Layout of the residual-block diagram: the main path x -> conv-BN-ReLU -> conv-BN = F(x) -> (+) -> ReLU -> output,
 * top to bottom, with the shortcut drawn as an arc on the right. Plain numbers only; the renderer draws them.
 */
import { planBlocks, presetConfig, summarize, type BlockPlan } from '../core/model/index.ts';
import { formatCount, shapeText } from './network.ts';

/** Which shortcut the block has: identity (shapes equal), projection W_s x (1×1 conv + BN, shapes differ), or none (plain). */
export type BlockMode = 'identity' | 'projection' | 'none';
export const blockModes: readonly BlockMode[] = ['identity', 'projection', 'none'];

export type PartKind = 'tensor' | 'conv' | 'bn' | 'relu' | 'add' | 'projection';

/** One box of the diagram, with its output shape [H, W, C] and trainable parameter count. */
export interface BlockPart {
  readonly id: string;
  readonly kind: PartKind;
  readonly label: string;
  /** Sentence for the details panel and the accessible name. */
  readonly detail: string;
  readonly shape: readonly [number, number, number];
  readonly params: number;
  /** Centre and size in SVG units. */
  readonly cx: number;
  readonly cy: number;
  readonly w: number;
  readonly h: number;
}

export interface BlockEdge {
  readonly id: string;
  readonly kind: 'main' | 'skip';
  /** SVG path data. */
  readonly d: string;
}

export interface BlockView {
  readonly mode: BlockMode;
  readonly parts: readonly BlockPart[];
  readonly edges: readonly BlockEdge[];
  /** The F(x) bracket beside conv1..bn2: top and bottom y. */
  readonly residual: { readonly x: number; readonly y0: number; readonly y1: number };
  readonly width: number;
  readonly height: number;
  /** One paragraph describing the whole block, the figure's text alternative. */
  readonly summary: string;
  readonly totalParams: number;
}

/** Which block each mode shows: identity and none inside stage 1 of ResNet-20 and plain-20, projection at the start of stage 2. */
const shownBlock: Record<BlockMode, { preset: string; id: string; where: string }> = {
  identity: { preset: 'resnet20', id: 'stage1.block1', where: 'a block inside stage 1 of ResNet-20' },
  projection: { preset: 'resnet20', id: 'stage2.block0', where: 'the first block of stage 2 of ResNet-20, where the map halves and the channels double' },
  none: { preset: 'plain20', id: 'stage1.block1', where: 'the same block of a plain network, without a shortcut' },
};

/** The block's plan and its layers' trainable parameters, from the model library's block plan and summary. */
interface Spec { readonly plan: BlockPlan; readonly params: (layer: string) => number; readonly where: string }

function specOf(mode: BlockMode): Spec {
  const shown = shownBlock[mode];
  if (!shown) throw new Error(`Unknown shortcut mode "${String(mode)}"; use one of ${blockModes.join(', ')}.`);
  const config = presetConfig(shown.preset);
  const plan = planBlocks(config).find((b) => b.id === shown.id);
  if (!plan) throw new Error(`${shown.preset} has no block ${shown.id}.`);
  const rows = new Map(summarize(config).rows.map((r) => [r.id, r.params]));
  return { plan, params: (layer) => rows.get(`${shown.id}.${layer}`) ?? 0, where: shown.where };
}

const W = 350;
const MAIN_X = 142;
const SKIP_X = 296;
const BOX_W = 180;
const BOX_H = 30;
const GAP = 18;

const params = (text: number) => (text === 0 ? 'no parameters' : `${formatCount(text)} parameters`);

type Draft = Omit<BlockPart, 'cx' | 'cy' | 'w' | 'h' | 'detail'> & { what: string };

/** The main path's parts in order, before placement: x, conv-BN-ReLU, conv-BN, (+), ReLU, output. */
function mainPath(mode: BlockMode, { plan, params: p }: Spec): Draft[] {
  const { inSize, inChannels: cin, outSize, outChannels: cout, stride } = plan;
  const inShape = [inSize, inSize, cin] as const;
  const outShape = [outSize, outSize, cout] as const;
  const strideText = stride > 1 ? ', stride 2' : '';
  const main: Draft[] = [
    { id: 'x', kind: 'tensor', label: 'x', what: 'the block input x', shape: inShape, params: 0 },
    { id: 'conv1', kind: 'conv', label: `3×3 conv, ${cout}${strideText}`, what: `3×3 convolution, ${cin} → ${cout} channels${strideText}, no bias (9·${cin}·${cout} weights)`, shape: outShape, params: p('conv1') },
    { id: 'bn1', kind: 'bn', label: 'BatchNorm', what: `BatchNorm over ${cout} channels (γ and β per channel)`, shape: outShape, params: p('bn1') },
    { id: 'relu1', kind: 'relu', label: 'ReLU', what: 'ReLU, max(0, ·)', shape: outShape, params: 0 },
    { id: 'conv2', kind: 'conv', label: `3×3 conv, ${cout}`, what: `3×3 convolution, ${cout} → ${cout} channels, no bias (9·${cout}·${cout} weights)`, shape: outShape, params: p('conv2') },
    { id: 'bn2', kind: 'bn', label: mode === 'none' ? 'BatchNorm' : 'BatchNorm = F(x)', what: `BatchNorm over ${cout} channels; its output is the residual F(x)`, shape: outShape, params: p('bn2') },
  ];
  if (mode !== 'none') {
    const skipText = mode === 'projection' ? 'W_s x' : 'x';
    main.push({ id: 'add', kind: 'add', label: '+', what: `element-wise addition F(x) + ${skipText}`, shape: outShape, params: 0 });
  }
  main.push({ id: 'relu2', kind: 'relu', label: 'ReLU', what: mode === 'none' ? 'ReLU' : 'ReLU after the addition', shape: outShape, params: 0 });
  main.push({ id: 'out', kind: 'tensor', label: mode === 'none' ? 'output' : 'H(x) = output', what: 'the block output', shape: outShape, params: 0 });
  return main;
}

/** The diagram of one basic block in the given mode. */
export function layoutBlock(mode: BlockMode): BlockView {
  const spec = specOf(mode);
  const { inSize, inChannels: cin, outSize, outChannels: cout } = spec.plan;
  const inShape = [inSize, inSize, cin] as const;
  const outShape = [outSize, outSize, cout] as const;
  const main = mainPath(mode, spec);
  const parts: BlockPart[] = [];
  let y = 24;
  for (const d of main) {
    const isAdd = d.kind === 'add';
    const h = isAdd ? 28 : BOX_H;
    const w = isAdd ? 28 : d.kind === 'tensor' ? 120 : BOX_W;
    parts.push(finish(d, MAIN_X, y + h / 2, w, h));
    y += h + GAP;
  }
  const height = y - GAP + 20;
  const at = (id: string) => parts.find((p) => p.id === id);
  const edges: BlockEdge[] = [];
  for (let i = 1; i < parts.length; i++) {
    const a = parts[i - 1];
    const b = parts[i];
    if (a && b) edges.push({ id: `${a.id}-${b.id}`, kind: 'main', d: `M${MAIN_X},${a.cy + a.h / 2}V${b.cy - b.h / 2}` });
  }
  const x = at('x');
  const add = at('add');
  if (x && add) {
    const top = x.cy;
    const bottom = add.cy;
    edges.push({ id: 'skip', kind: 'skip', d: `M${MAIN_X + x.w / 2},${top}H${SKIP_X}V${bottom}H${MAIN_X + add.w / 2}` });
    if (mode === 'projection') {
      const py = (top + bottom) / 2;
      const d: Draft = { id: 'proj', kind: 'projection', label: '1×1 conv + BN', what: `projection W_s: 1×1 convolution ${cin} → ${cout}, stride 2, then BatchNorm (${cin}·${cout} + 2·${cout})`, shape: outShape, params: spec.params('shortcut.conv') + spec.params('shortcut.bn') };
      parts.push(finish(d, SKIP_X - 10, py, 96, 44));
    }
  }
  const first = at('conv1');
  const last = at('bn2');
  const residual = { x: MAIN_X - BOX_W / 2 - 12, y0: (first?.cy ?? 0) - BOX_H / 2, y1: (last?.cy ?? 0) + BOX_H / 2 };
  const totalParams = parts.reduce((s, p) => s + p.params, 0);
  return { mode, parts, edges, residual, width: W, height, totalParams, summary: summarise(mode, spec.where, inShape, outShape, totalParams) };
}

function finish(d: Draft, cx: number, cy: number, w: number, h: number): BlockPart {
  const { what, ...rest } = d;
  const detail = `${what}. Output ${shapeText(d.shape)}; ${params(d.params)}.`;
  return { ...rest, detail: detail.charAt(0).toUpperCase() + detail.slice(1), cx, cy, w, h };
}

function summarise(mode: BlockMode, where: string, inShape: readonly number[], outShape: readonly number[], total: number): string {
  const path = `${shapeText(inShape)} input x goes through a 3×3 convolution, BatchNorm, ReLU, a second 3×3 convolution and BatchNorm`;
  const tail = {
    identity: 'giving F(x); the shortcut carries x unchanged to an addition F(x) + x, followed by ReLU.',
    projection: 'giving F(x); the shortcut passes x through a 1×1 convolution with stride 2 and BatchNorm (W_s x) so the shapes match, then F(x) + W_s x, followed by ReLU.',
    none: 'then ReLU; there is no shortcut, so the layers must learn the whole mapping H(x) themselves.',
  }[mode];
  return `This shows ${where}. The ${path}, ${tail} Output ${shapeText(outShape)}; ${formatCount(total)} parameters in the block.`;
}
