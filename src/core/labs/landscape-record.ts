/**
 * The slice the landscape lab ships (public/data/landscape/, made by scripts/labs/landscape.ts, its command inside the
 * file) and the numbers its text quotes, printed by the same run.
 */
import { landscapeFileName } from './landscape-file.ts';

const shipped = { depth: 20, seed: 1, size: 25, span: 1, images: 128 } as const;

export const SHIPPED_LANDSCAPE = { ...shipped, url: `/data/landscape/${landscapeFileName(shipped)}` } as const;

/**
 * Loss at the trained weights (centre), mean of the four edge midpoints (a or b = ±span) and of the four corners, and
 * the number of grid points lower than all their neighbours (core/labs/landscape-grid.ts localMinima).
 */
export interface SliceNumbers {
  readonly centre: number;
  readonly edgeMean: number;
  readonly cornerMean: number;
  readonly localMinima: number;
}

/**
 * Printed by `npx node scripts/labs/landscape.ts --size 25 --images 128 --span 1 --seed 1 --depth 20` (WASM backend,
 * 2026-11-30, 2,444 s under a load average of 17-22), which wrote the shipped file; `--summarise <file>` prints them again.
 */
export const LANDSCAPE_RECORD: Readonly<Record<string, SliceNumbers>> = {
  plain20_sgd15: { centre: 0.5186, edgeMean: 5.586, cornerMean: 14.22, localMinima: 2 },
  resnet20_sgd30: { centre: 0.1123, edgeMean: 13.31, cornerMean: 62.3, localMinima: 1 },
};

/** A recorded slice's numbers by reference-model id; throws naming the script when missing. */
export function sliceNumbers(id: string): SliceNumbers {
  const n = LANDSCAPE_RECORD[id];
  if (!n) throw new Error(`No recorded landscape for '${id}'; record it with scripts/labs/landscape.ts.`);
  return n;
}

/** How many times the loss at the edge midpoints exceeds the loss at the trained weights. */
export function edgeRise(id: string): number {
  const n = sliceNumbers(id);
  return n.edgeMean / n.centre;
}
