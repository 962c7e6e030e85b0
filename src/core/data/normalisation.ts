/**
 * What a pixel byte becomes at the network's input, defined once: PyTorch's ToTensor + Normalize in float32. The
 * library's batches and the chapters' quoted values both read these tables.
 */
import type { Normalisation } from './cifar10.ts';

/**
 * Per channel, the normalised float32 value of each byte 0..255: a table, so the same byte gives the same float in
 * every batch, and a pixel costs one lookup. The values are PyTorch's, bit for bit: ToTensor + Normalize compute
 * x = byte / 255, then (x - mean) / std, in float32 with float32 mean and std, each operation rounded. Math.fround
 * after each operation gives those bits (one operation on float32 values, done in float64 and rounded once, is the
 * correctly rounded float32 result). (byte / 255 - mean) / std in float64, rounded once, differs in 514 of the 768
 * CIFAR-10 entries by up to 2.4e-7.
 */
export function normalisationTables(norm: Normalisation): Float32Array[] {
  checkNormalisation(norm);
  const f = Math.fround;
  return norm.mean.map((m, c) => {
    const mean = f(m);
    const std = f(norm.std[c]!);
    return Float32Array.from({ length: 256 }, (_, v) => f(f(f(v / 255) - mean) / std));
  });
}

/** Throws a message naming the problem when a normalisation has unequal or empty mean/std lists or a non-positive std. */
export function checkNormalisation(norm: Normalisation): void {
  if (norm.mean.length !== norm.std.length || norm.mean.length === 0) {
    throw new Error(`Normalisation needs one mean and one std per channel, got ${norm.mean.length} means and ${norm.std.length} stds.`);
  }
  if (norm.std.some((s) => !(s > 0))) throw new Error(`Normalisation stds must be positive, got [${norm.std.join(', ')}].`);
}
