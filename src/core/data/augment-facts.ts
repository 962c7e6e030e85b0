/** Counts and values the data chapter quotes about the augmentation and the normalisation, computed, not typed in. */
import { CIFAR10_NORMALISATION } from './cifar10.ts';
import { normalisationTables } from './normalisation.ts';

/** Positions of the crop window along one axis when the image is padded by `pad` on each side (9 for pad 4). */
export function cropPositions(pad: number): number {
  if (!Number.isInteger(pad) || pad < 0) throw new Error(`Padding is a non-negative integer, got ${pad}.`);
  return 2 * pad + 1;
}

/** Distinct augmented versions of one image: flipped or not, times every window position (2 x 9 x 9 = 162 for pad 4). */
export function augmentVariants(pad: number): number {
  return 2 * cropPositions(pad) ** 2;
}

/** What a byte value of channel c becomes after ToTensor and per-channel normalisation: (byte / 255 - mean_c) / std_c, in float32. */
export function normalizedValue(byte: number, channel: 0 | 1 | 2): number {
  if (!Number.isInteger(byte) || byte < 0 || byte > 255) throw new Error(`A pixel byte is an integer 0..255, got ${byte}.`);
  return normalisationTables(CIFAR10_NORMALISATION)[channel]![byte]!;
}
