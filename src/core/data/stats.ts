/** Plain-JS statistics over image bytes (no TensorFlow.js, so the data page stays light). */
import { CHANNELS, IMAGE_BYTES, NUM_CLASSES } from './cifar10.ts';

/** Per-channel (R, G, B) mean and population std of pixel values scaled to [0, 1], and how many images went in. */
export interface ChannelStats {
  mean: [number, number, number];
  std: [number, number, number];
  count: number;
}

/**
 * Mean and std of each channel over every pixel of the chosen images ([N, 32, 32, 3] bytes; all images when
 * `indices` is omitted). Sums of integers stay exact in doubles (< 2^53), so the result does not depend on order.
 */
export function channelStats(images: Uint8Array, indices?: ArrayLike<number>): ChannelStats {
  const total = images.length / IMAGE_BYTES;
  const count = indices ? indices.length : total;
  if (count === 0) throw new Error('channelStats needs at least one image.');
  const sum = [0, 0, 0];
  const sq = [0, 0, 0];
  for (let k = 0; k < count; k++) {
    const i = indices ? indices[k]! : k;
    if (i < 0 || i >= total) throw new Error(`Image index ${i} is outside 0..${total - 1}.`);
    // Integer partial sums per image keep the inner loop cheap.
    let s0 = 0, s1 = 0, s2 = 0, q0 = 0, q1 = 0, q2 = 0;
    for (let p = i * IMAGE_BYTES, end = p + IMAGE_BYTES; p < end; p += CHANNELS) {
      const r = images[p]!, g = images[p + 1]!, b = images[p + 2]!;
      s0 += r; s1 += g; s2 += b;
      q0 += r * r; q1 += g * g; q2 += b * b;
    }
    sum[0]! += s0; sum[1]! += s1; sum[2]! += s2;
    sq[0]! += q0; sq[1]! += q1; sq[2]! += q2;
  }
  const n = count * (IMAGE_BYTES / CHANNELS);
  const mean = sum.map((s) => s / n / 255) as [number, number, number];
  const std = sq.map((q, c) => Math.sqrt(Math.max(0, q / n / 65025 - mean[c]! ** 2))) as [number, number, number];
  return { mean, std, count };
}

/** How many of the chosen labels fall in each class: [10]. */
export function classCounts(labels: Uint8Array, indices?: ArrayLike<number>): number[] {
  const counts = new Array<number>(NUM_CLASSES).fill(0);
  const n = indices ? indices.length : labels.length;
  for (let k = 0; k < n; k++) {
    const label = labels[indices ? indices[k]! : k]!;
    counts[label] = counts[label]! + 1;
  }
  return counts;
}

/** The first `perClass` image indices of each class, in dataset order: [10][<= perClass]. */
export function firstOfEachClass(labels: Uint8Array, perClass: number): number[][] {
  const picks: number[][] = Array.from({ length: NUM_CLASSES }, () => []);
  let missing = NUM_CLASSES * perClass;
  for (let i = 0; i < labels.length && missing > 0; i++) {
    const list = picks[labels[i]!];
    if (list && list.length < perClass) {
      list.push(i);
      missing--;
    }
  }
  return picks;
}
