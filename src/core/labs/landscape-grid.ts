/**
 * The landscape lab's grid: a square of size x size points over [-span, span]^2 in the plane of two directions,
 * computed coarse to fine (every stride-th point first, then the points the next finer stride adds), so a picture
 * appears after a few dozen losses and sharpens while the rest are computed. Pure functions.
 */

/** Grid sizes the lab offers: (size - 1) is divisible by 8, so the levels at strides 8 (or 4), 4, 2 and 1 are regular grids. */
export const GRID_SIZES = [9, 17, 25, 33] as const;

/** Coordinates of the grid along one axis: size values from -span to span (the centre, 0, is index (size-1)/2). */
export function gridCoords(size: number, span: number): number[] {
  checkSize(size);
  if (!(span > 0) || !Number.isFinite(span)) throw new Error(`The span must be a positive number, got ${span}.`);
  const half = (size - 1) / 2;
  return Array.from({ length: size }, (_, i) => Number((((i - half) / half) * span).toFixed(6)));
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 3 || size % 2 === 0) throw new Error(`A landscape grid needs an odd number of points per side (3 or more), got ${size}.`);
}

/** The strides of the refinement levels, coarsest first: each halves the previous while it divides size - 1; the first has at least 3 points per side. */
export function refinementStrides(size: number): number[] {
  checkSize(size);
  const strides = [1];
  let s = 1;
  while ((size - 1) % (2 * s) === 0 && (size - 1) / (2 * s) >= 2) {
    s *= 2;
    strides.unshift(s);
  }
  return strides;
}

/** Every grid point (row j along the second direction, column i along the first) once, in the order to compute them: level by level, coarse first. */
export function refinementOrder(size: number): Array<{ readonly i: number; readonly j: number; readonly stride: number }> {
  const out: Array<{ i: number; j: number; stride: number }> = [];
  const seen = new Set<number>();
  for (const stride of refinementStrides(size)) {
    for (let j = 0; j < size; j += stride) {
      for (let i = 0; i < size; i += stride) {
        if (seen.has(j * size + i)) continue;
        seen.add(j * size + i);
        out.push({ i, j, stride });
      }
    }
  }
  return out;
}

/** The regular sub-grid at `stride` of a size x size row-major grid of values: [(size-1)/stride + 1]^2 values. */
export function subGrid(values: ArrayLike<number>, size: number, stride: number): { size: number; values: number[] } {
  if (values.length !== size * size) throw new Error(`Expected ${size * size} values for a ${size}x${size} grid, got ${values.length}.`);
  if ((size - 1) % stride !== 0) throw new Error(`Stride ${stride} does not divide the ${size}-point grid.`);
  const n = (size - 1) / stride + 1;
  const out: number[] = [];
  for (let j = 0; j < size; j += stride) for (let i = 0; i < size; i += stride) out.push(values[j * size + i]!);
  return { size: n, values: out };
}

/** The finest stride whose sub-grid is complete (no NaN), or null when not even the coarsest level is done. */
export function finestCompleteStride(values: ArrayLike<number>, size: number): number | null {
  let best: number | null = null;
  for (const stride of refinementStrides(size)) {
    if (subGrid(values, size, stride).values.every((v) => !Number.isNaN(v))) best = stride;
    else break;
  }
  return best;
}

/** Grid points lower than all their (up to 8) neighbours: 1 for a single basin, more where the slice is bumpy. */
export function localMinima(values: ArrayLike<number>, size: number): number {
  let count = 0;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const v = values[j * size + i]!;
      let lowest = true;
      for (let dj = -1; dj <= 1 && lowest; dj++) {
        for (let di = -1; di <= 1; di++) {
          const [a, b] = [i + di, j + dj];
          if ((di || dj) && a >= 0 && b >= 0 && a < size && b < size && !(v < values[b * size + a]!)) {
            lowest = false;
            break;
          }
        }
      }
      if (lowest) count += 1;
    }
  }
  return count;
}
