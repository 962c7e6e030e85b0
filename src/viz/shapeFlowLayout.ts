/**
 * Layout of the shape-flow diagram of a whole network: one column per layer, left to right, its height proportional
 * to the feature map's side (H = W) and its width to the channel count, with the skip arcs of the residual blocks above.
 */
import { formatCount, shapeText, type Network, type LayerRow } from './network.ts';

/** A drawn layer: the row it stands for plus its rectangle (x, y = top-left) in SVG units. */
export interface FlowColumn {
  readonly row: LayerRow;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A skip arc from the output of column `from` to the output of column `to`; projections carry a marker. */
export interface FlowArc {
  readonly id: string;
  readonly kind: 'identity' | 'projection' | 'zeropad';
  readonly d: string;
  /** Apex of the arc, where a projection's 1×1 conv is drawn. */
  readonly apex: { readonly x: number; readonly y: number };
  /** The projection row of this block, if any. */
  readonly projection?: LayerRow;
}

export interface StageLabel {
  readonly x: number;
  readonly text: string;
}

export interface FlowView {
  readonly columns: readonly FlowColumn[];
  readonly arcs: readonly FlowArc[];
  readonly stages: readonly StageLabel[];
  readonly width: number;
  readonly height: number;
  /** The midline every column is centred on. */
  readonly mid: number;
  readonly summary: string;
}

/** SVG units per pixel of feature-map side, per channel, and between columns. */
export const flowScale = { perPixel: 3.5, perChannel: 0.25, minWidth: 3, gap: 5, stageGap: 12, arcRise: 14 } as const;

/** Columns, arcs and stage labels of `net`; the projection rows ride on their arcs rather than taking a column. */
export function layoutShapeFlow(net: Network): FlowView {
  const s = flowScale;
  const tallest = Math.max(...net.rows.map((r) => r.shape[0]));
  const arcSpace = 30;
  const mid = arcSpace + (tallest * s.perPixel) / 2 + 8;
  const columns: FlowColumn[] = [];
  const byId = new Map<string, FlowColumn>();
  let x = 8;
  let prevStage = 0;
  for (const row of net.rows) {
    if (row.kind === 'projection') continue;
    if (row.stage !== prevStage) x += s.stageGap - s.gap;
    prevStage = row.stage;
    const w = Math.max(s.minWidth, row.shape[2] * s.perChannel);
    const h = Math.max(s.minWidth, row.shape[0] * s.perPixel);
    const col = { row, x, y: mid - h / 2, w, h };
    columns.push(col);
    byId.set(row.id, col);
    x += w + s.gap;
  }
  const width = x + 4;
  const arcs: FlowArc[] = [];
  for (const span of net.blocks) {
    const from = net.rows[span.from];
    const own = net.rows.filter((r) => r.block === span.block);
    const endRow = own.filter((r) => r.kind !== 'projection').at(-1);
    const a = from && byId.get(from.id);
    const b = endRow && byId.get(endRow.id);
    if (!a || !b) throw new Error(`Block ${span.block} spans rows ${span.from}..${span.to}, which have no columns.`);
    const x0 = a.x + a.w / 2;
    const x1 = b.x + b.w / 2;
    const base = Math.min(a.y, b.y) - 2;
    const top = Math.max(4, base - s.arcRise);
    const projection = own.find((r) => r.kind === 'projection');
    arcs.push({
      id: `arc-${span.block}`,
      kind: span.kind,
      d: `M${r2(x0)},${r2(a.y)}C${r2(x0)},${r2(top)} ${r2(x1)},${r2(top)} ${r2(x1)},${r2(b.y)}`,
      // The midpoint of a cubic Bézier whose two control points share the height `top`.
      apex: { x: r2((x0 + x1) / 2), y: r2((a.y + 6 * top + b.y) / 8) },
      ...(projection ? { projection } : {}),
    });
  }
  const stages = stageLabels(columns);
  const height = mid + (tallest * s.perPixel) / 2 + 34;
  return { columns, arcs, stages, width: r2(width), height: r2(height), mid: r2(mid), summary: summarise(net) };
}

function stageLabels(columns: readonly FlowColumn[]): StageLabel[] {
  const groups = new Map<number, FlowColumn[]>();
  for (const c of columns) if (c.row.block >= 0) groups.set(c.row.stage, [...(groups.get(c.row.stage) ?? []), c]);
  return [...groups.entries()].map(([stage, cols]) => {
    const first = cols[0];
    const last = cols.at(-1);
    const x = first && last ? (first.x + last.x + last.w) / 2 : 0;
    return { x: r2(x), text: `stage ${stage}: ${shapeText(last?.row.shape ?? [])}` };
  });
}

function summarise(net: Network): string {
  const blocks = net.blocks.length;
  const proj = net.blocks.filter((b) => b.kind === 'projection').length;
  const pooled = net.rows.find((r) => r.kind === 'pool')?.shape[2] ?? 0;
  const classes = net.rows.find((r) => r.kind === 'fc')?.shape[2] ?? 0;
  const stageShapes = [...new Set(net.rows.filter((r) => r.block >= 0).map((r) => shapeText(r.shape)))].join(', then ');
  const skips = blocks === 0 ? 'no skip connections (a plain network)'
    : `${blocks} skip connections, ${proj > 0 ? `${proj} of them projections (1×1 conv + BN) where the shape changes` : 'none of them projections'}`;
  return `${net.depth}-layer network: a 3×3 stem convolution on the 32×32×3 image, three stages whose maps are ${stageShapes}, `
    + `${skips}, global average pooling to ${pooled} numbers and a ${classes}-way fully connected layer. ${formatCount(net.totalParams)} parameters.`;
}

const r2 = (v: number) => Math.round(v * 100) / 100;
