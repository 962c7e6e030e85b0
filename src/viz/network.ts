/**
 * Shape arithmetic of a CIFAR ResNet / plain net of depth 6n+2, without tensors: one row per drawn layer with its
 * output shape (H, W, C) and parameter count. The diagrams are drawn from this; the implementation chapter cross-checks
 * it against the model library's own summary.
 */

/** What a block does where its input and output shapes differ, or 'none' for a plain network (no shortcut at all). */
export type Shortcut = 'projection' | 'zeropad' | 'none';

export interface NetworkSpec {
  /** Basic blocks per stage (depth = 6n + 2). */
  readonly n: number;
  readonly shortcut: Shortcut;
  /** The tutorial's stem convolution has a bias (16 extra parameters). */
  readonly stemBias: boolean;
  readonly widths?: readonly number[];
  readonly inputSize?: number;
  readonly inputChannels?: number;
  readonly numClasses?: number;
}

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

/** The depths the paper trains on CIFAR-10 (section 4.2): 6n + 2 for n = 3, 5, 7, 9, 18. */
export const paperDepths = [20, 32, 44, 56, 110] as const;

/** n of a depth 6n+2; throws with the valid depths if it is not one. */
export function blocksPerStage(depth: number): number {
  const n = (depth - 2) / 6;
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`Depth ${depth} is not 6n+2 for a whole n >= 1; use one of ${paperDepths.join(', ')}.`);
  }
  return n;
}

const convParams = (k: number, cin: number, cout: number, bias: boolean) => k * k * cin * cout + (bias ? cout : 0);
const bnParams = (c: number) => 2 * c;

/** Rows and skip spans of the network; stride 2 at the first block of every stage after the first. */
export function describeNetwork(spec: NetworkSpec): Network {
  const { n, shortcut, stemBias } = spec;
  const widths = spec.widths ?? [16, 32, 64];
  const size0 = spec.inputSize ?? 32;
  const cin0 = spec.inputChannels ?? 3;
  const classes = spec.numClasses ?? 10;
  if (!Number.isInteger(n) || n < 1) throw new Error(`blocks per stage must be a whole number >= 1, got ${n}.`);
  const w0 = widths[0];
  if (w0 === undefined) throw new Error('widths must list at least one stage width, e.g. [16, 32, 64].');

  const rows: LayerRow[] = [{ id: 'input', kind: 'input', label: 'input image', shape: [size0, size0, cin0], params: 0, stage: 0, block: -1 }];
  rows.push({ id: 'stem.conv', kind: 'stem', label: `3×3 conv, ${w0}`, shape: [size0, size0, w0], params: convParams(3, cin0, w0, stemBias) + bnParams(w0), stage: 0, block: -1 });
  const blocks: BlockSpan[] = [];
  let size = size0;
  let cin = w0;
  widths.forEach((width, s) => {
    for (let b = 0; b < n; b++) {
      const stride = s > 0 && b === 0 ? 2 : 1;
      const block = s * n + b;
      const prefix = `stage${s + 1}.block${b}`;
      // The block's input is the last main-path row so far (a projection rides on its own skip arc).
      const from = rows.findLastIndex((r) => r.kind !== 'projection');
      size = Math.ceil(size / stride);
      const shape = [size, size, width] as const;
      const strideText = stride > 1 ? ', stride 2' : '';
      rows.push({ id: `${prefix}.conv1`, kind: 'conv1', label: `3×3 conv, ${width}${strideText}`, shape, params: convParams(3, cin, width, false) + bnParams(width), stage: s + 1, block });
      rows.push({ id: `${prefix}.conv2`, kind: 'conv2', label: `3×3 conv, ${width}`, shape, params: convParams(3, width, width, false) + bnParams(width), stage: s + 1, block });
      const changes = stride > 1 || cin !== width;
      if (shortcut === 'projection' && changes) {
        rows.push({ id: `${prefix}.shortcut`, kind: 'projection', label: `1×1 conv, ${width}${strideText} (projection)`, shape, params: convParams(1, cin, width, false) + bnParams(width), stage: s + 1, block });
      }
      if (shortcut !== 'none') {
        const kind = !changes ? 'identity' : shortcut === 'projection' ? 'projection' : 'zeropad';
        blocks.push({ block, stage: s + 1, from, to: rows.length - 1, kind });
      }
      cin = width;
    }
  });
  rows.push({ id: 'pool', kind: 'pool', label: `global average pool ${size}×${size}`, shape: [1, 1, cin], params: 0, stage: widths.length + 1, block: -1 });
  rows.push({ id: 'fc', kind: 'fc', label: `fully connected, ${classes}`, shape: [1, 1, classes], params: cin * classes + classes, stage: widths.length + 1, block: -1 });
  const totalParams = rows.reduce((sum, r) => sum + r.params, 0);
  return { rows, blocks, totalParams, depth: 2 * n * widths.length + 2 };
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

/** '32×32×16' for a shape [H, W, C]. */
export function shapeText(shape: readonly number[]): string {
  return shape.join('×');
}

/** 272490 -> '272,490' (fixed locale so build output and tests agree). */
export function formatCount(x: number): string {
  return x.toLocaleString('en-US');
}
