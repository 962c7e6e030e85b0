/**
 * The drawn layers of a network, read off the model library's own block plan and summary (src/core/model): one row per
 * drawn layer with its output shape (H, W, C) and parameter count. A drawn conv row stands for the library's conv, BN
 * (and ReLU) rows, so its count is their sum; nothing here recomputes the architecture.
 */
import { planBlocks, summarize, type BlockPlan, type ModelConfig } from '../core/model/index.ts';

export type LayerKind = 'input' | 'stem' | 'conv1' | 'conv2' | 'projection' | 'pool' | 'fc';

/** One drawn layer; a conv row includes its BatchNorm (and ReLU where there is one). */
export interface LayerRow {
  /** Stable id in the naming scheme of the model library, e.g. 'stage2.block0.conv1'. */
  readonly id: string;
  readonly kind: LayerKind;
  /** Human label, e.g. '3×3 conv, 32, stride 2'. */
  readonly label: string;
  /** Output shape [H, W, C] (an fc output is [1, 1, classes]). */
  readonly shape: readonly [number, number, number];
  /** Trainable parameters of the layer (conv weights + bias) and of its BN (gamma, beta). */
  readonly params: number;
  readonly stage: number;
  /** Global block index 0 .. 3n-1, or -1 outside blocks. */
  readonly block: number;
}

/** A residual block: its skip arc leaves the output of row `from` and its rows end at row `to`; what the arc carries. */
export interface BlockSpan {
  readonly block: number;
  readonly stage: number;
  readonly from: number;
  readonly to: number;
  readonly kind: 'identity' | 'projection' | 'zeropad';
}

export interface Network {
  readonly rows: readonly LayerRow[];
  readonly blocks: readonly BlockSpan[];
  readonly totalParams: number;
  readonly depth: number;
}

/**
 * The drawn layer that a row of the model library's summary belongs to (its id in this module's rows): BN and ReLU
 * rows join their convolution, a block's addition and output join its second conv, 'shortcut.conv|bn' the projection.
 */
export function layerOfSummaryId(id: string): string {
  if (id.startsWith('stem.')) return 'stem.conv';
  const m = /^(stage\d+\.block\d+)(?:\.(.+))?$/.exec(id);
  if (!m) return id;
  const [, block, part = ''] = m;
  if (part.startsWith('shortcut.')) return `${block}.shortcut`;
  return ['conv1', 'bn1', 'relu1'].includes(part) ? `${block}.conv1` : `${block}.conv2`;
}

/** The rows one block adds: conv1, conv2, and the projection (which rides on the block's arc) when it has one. */
function blockRows(b: BlockPlan, paramsOf: (id: string) => number): LayerRow[] {
  const shape = [b.outSize, b.outSize, b.outChannels] as const;
  const strideText = b.stride > 1 ? ', stride 2' : '';
  const row = (suffix: string, kind: LayerKind, label: string): LayerRow => (
    { id: `${b.id}.${suffix}`, kind, label, shape, params: paramsOf(`${b.id}.${suffix}`), stage: b.stage, block: b.index });
  const rows = [
    row('conv1', 'conv1', `3×3 conv, ${b.outChannels}${strideText}`),
    row('conv2', 'conv2', `3×3 conv, ${b.outChannels}`),
  ];
  if (b.shortcut === 'projection') rows.push(row('shortcut', 'projection', `1×1 conv, ${b.outChannels}${strideText} (projection)`));
  return rows;
}

/** Rows and skip spans of the network `config` describes (e.g. presetConfig('resnet20')). */
export function describeNetwork(config: ModelConfig): Network {
  const summary = summarize(config);
  const grouped = new Map<string, number>();
  for (const r of summary.rows) grouped.set(layerOfSummaryId(r.id), (grouped.get(layerOfSummaryId(r.id)) ?? 0) + r.params);
  const paramsOf = (id: string) => grouped.get(id) ?? 0;
  const plans = planBlocks(config);
  const size0 = config.inputSize;
  const w0 = config.widths[0]!;
  const rows: LayerRow[] = [
    { id: 'input', kind: 'input', label: 'input image', shape: [size0, size0, config.inputChannels], params: 0, stage: 0, block: -1 },
    { id: 'stem.conv', kind: 'stem', label: `3×3 conv, ${w0}`, shape: [size0, size0, w0], params: paramsOf('stem.conv'), stage: 0, block: -1 },
  ];
  const blocks: BlockSpan[] = [];
  for (const b of plans) {
    // The block's input is the last main-path row so far (a projection rides on its own skip arc).
    const from = rows.findLastIndex((r) => r.kind !== 'projection');
    rows.push(...blockRows(b, paramsOf));
    if (b.shortcut !== 'none') blocks.push({ block: b.index, stage: b.stage, from, to: rows.length - 1, kind: b.shortcut });
  }
  const last = plans.at(-1);
  const size = last?.outSize ?? size0;
  const cout = last?.outChannels ?? w0;
  const head = config.widths.length + 1;
  rows.push({ id: 'pool', kind: 'pool', label: `global average pool ${size}×${size}`, shape: [1, 1, cout], params: paramsOf('pool'), stage: head, block: -1 });
  rows.push({ id: 'fc', kind: 'fc', label: `fully connected, ${config.numClasses}`, shape: [1, 1, config.numClasses], params: paramsOf('fc'), stage: head, block: -1 });
  return { rows, blocks, totalParams: summary.totalParams, depth: 2 * config.blocksPerStage * config.widths.length + 2 };
}

/** '32×32×16' for a shape [H, W, C]. */
export function shapeText(shape: readonly number[]): string {
  return shape.join('×');
}

/** 272490 -> '272,490' (fixed locale so build output and tests agree). */
export function formatCount(x: number): string {
  return x.toLocaleString('en-US');
}
