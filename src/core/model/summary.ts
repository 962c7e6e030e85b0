/**
 * The model summary (layer id, kind, output shape, parameters), like torchsummary's table in the tutorial.
 * Pure shape arithmetic with no tensor work, so pages can call it at build time.
 */
import { finalMapSize, planBlocks, type BlockPlan } from './architecture.ts';
import { countParams, paramSpecs } from './params.ts';
import type { ModelConfig } from './types.ts';

/** Layer kinds, named as PyTorch names them; 'Add' is the residual addition, 'Block' a block's output. */
export type LayerKind = 'Conv2d' | 'BatchNorm2d' | 'ReLU' | 'ZeroPadShortcut' | 'Add' | 'Block' | 'AvgPool2d' | 'Linear';

export interface SummaryRow {
  /** Stable id from the naming module, e.g. 'stage2.block0.conv1' (a 'Block' row has the block's id). */
  readonly id: string;
  readonly kind: LayerKind;
  /** Output shape of one example in NHWC order without the batch axis: [H, W, C], or [classes] for Linear. */
  readonly outputShape: readonly number[];
  /** Trainable parameters of this layer (BN running statistics are buffers and not counted, as in torchsummary). */
  readonly params: number;
}

export interface ModelSummary {
  readonly rows: readonly SummaryRow[];
  readonly totalParams: number;
  /** Non-trainable values (BN running mean and variance). */
  readonly bufferValues: number;
}

function blockRows(b: BlockPlan, paramsOf: (layer: string) => number): SummaryRow[] {
  const map = [b.outSize, b.outSize, b.outChannels];
  const row = (suffix: string, kind: LayerKind): SummaryRow => ({ id: `${b.id}.${suffix}`, kind, outputShape: map, params: paramsOf(`${b.id}.${suffix}`) });
  // PyTorch computes the projection first, so torchsummary lists it before conv1; keep that order to match the tutorial.
  const rows: SummaryRow[] = b.shortcut === 'projection' ? [row('shortcut.conv', 'Conv2d'), row('shortcut.bn', 'BatchNorm2d')] : [];
  rows.push(row('conv1', 'Conv2d'), row('bn1', 'BatchNorm2d'), row('relu1', 'ReLU'), row('conv2', 'Conv2d'), row('bn2', 'BatchNorm2d'));
  if (b.shortcut === 'zeropad') rows.push(row('shortcut', 'ZeroPadShortcut'));
  if (b.shortcut !== 'none') rows.push(row('add', 'Add'));
  rows.push(row('relu2', 'ReLU'), { id: b.id, kind: 'Block', outputShape: map, params: 0 });
  return rows;
}

/** The summary table of a configuration; summarize(presetConfig('resnet20')).totalParams === 272490. */
export function summarize(config: ModelConfig): ModelSummary {
  const perLayer = new Map<string, number>();
  let bufferValues = 0;
  for (const s of paramSpecs(config)) {
    const size = s.shape.reduce((a, b) => a * b, 1);
    if (!s.trainable) {
      bufferValues += size;
      continue;
    }
    const layer = s.id.slice(0, s.id.lastIndexOf('.'));
    perLayer.set(layer, (perLayer.get(layer) ?? 0) + size);
  }
  const paramsOf = (layer: string): number => perLayer.get(layer) ?? 0;
  const w0 = config.widths[0]!;
  const stemMap = [config.inputSize, config.inputSize, w0];
  const last = config.widths[config.widths.length - 1]!;
  const rows: SummaryRow[] = [
    { id: 'stem.conv', kind: 'Conv2d', outputShape: stemMap, params: paramsOf('stem.conv') },
    { id: 'stem.bn', kind: 'BatchNorm2d', outputShape: stemMap, params: paramsOf('stem.bn') },
    { id: 'stem.relu', kind: 'ReLU', outputShape: stemMap, params: 0 },
    ...planBlocks(config).flatMap((b) => blockRows(b, paramsOf)),
    { id: 'pool', kind: 'AvgPool2d', outputShape: [1, 1, last], params: 0 },
    { id: 'fc', kind: 'Linear', outputShape: [config.numClasses], params: paramsOf('fc') },
  ];
  if (finalMapSize(config) < 1) throw new Error('Input too small for the number of stages.');
  return { rows, totalParams: countParams(config), bufferValues };
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The summary as a fixed-width text table (NHWC output shapes, batch axis shown as -1). */
export function formatSummary(summary: ModelSummary): string {
  const line = (a: string, b: string, c: string, d: string): string => `${a.padEnd(30)}${b.padEnd(17)}${c.padEnd(20)}${d.padStart(10)}`;
  const rule = '-'.repeat(77);
  const out = [rule, line('Layer id', 'Kind', 'Output (NHWC)', 'Param #'), '='.repeat(77)];
  for (const r of summary.rows) out.push(line(r.id, r.kind, `[-1, ${r.outputShape.join(', ')}]`, fmt(r.params)));
  out.push('='.repeat(77), `Total params: ${fmt(summary.totalParams)}`, `Trainable params: ${fmt(summary.totalParams)}`);
  out.push(`Non-trainable values (BN running statistics): ${fmt(summary.bufferValues)}`, rule);
  return out.join('\n');
}
