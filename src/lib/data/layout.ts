/**
 * From decoded files to ImageSets, shared by the Node and browser loaders so both produce the same bytes:
 * a batch PNG is 1024 x N pixels, row i is image i, pixel j of a row is (y = j div 32, x = j mod 32), so dropping
 * alpha from RGBA rows gives [N, 32, 32, 3] HWC bytes directly.
 */
import { BATCH_IMAGES, IMAGE_BYTES, IMAGE_SIZE, NUM_CLASSES } from '../../core/data/cifar10.ts';
import type { ImageSet } from '../../core/data/types.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Width of a batch PNG: one 32x32 image per row. */
export const ROW_PIXELS = IMAGE_SIZE * IMAGE_SIZE;

/** The fix we suggest whenever a data file is missing or damaged. */
export const REFETCH_HINT = 'Run `npm run data` (or `npm start`) to fetch and verify CIFAR-10.';

/** Throws a clear Error unless `bytes` start like a PNG. */
export function assertPng(bytes: Uint8Array, file: string): void {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    const head = new TextDecoder().decode(bytes.subarray(0, 15)).replace(/\s+/g, ' ');
    throw new Error(`${file} is not a PNG image (it starts with "${head}"). ${REFETCH_HINT}`);
  }
}

/** [height, 32, 32, 3] HWC bytes from RGBA pixels of a 1024-wide batch image; checks the dimensions. */
export function rgbaToImages(rgba: ArrayLike<number>, width: number, height: number, file: string, expectedRows: number = BATCH_IMAGES): Uint8Array {
  if (width !== ROW_PIXELS || height !== expectedRows) {
    throw new Error(`${file} is ${width} x ${height} pixels; a CIFAR-10 batch is ${ROW_PIXELS} x ${expectedRows}. ${REFETCH_HINT}`);
  }
  if (rgba.length !== width * height * 4) {
    throw new Error(`${file} decoded to ${rgba.length} bytes, expected ${width * height * 4} (RGBA). ${REFETCH_HINT}`);
  }
  const pixels = width * height;
  const out = new Uint8Array(pixels * 3);
  for (let p = 0, q = 0, r = 0; p < pixels; p++, q += 4, r += 3) {
    out[r] = rgba[q]!;
    out[r + 1] = rgba[q + 1]!;
    out[r + 2] = rgba[q + 2]!;
  }
  return out;
}

/** Labels from the text of a label file: a JSON array of `expected` integers in 0..9. */
export function parseLabels(text: string, file: string, expected: number): Uint8Array {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON (it starts with "${text.slice(0, 20)}"). ${REFETCH_HINT}`);
  }
  if (!Array.isArray(value) || value.length !== expected) {
    const got = Array.isArray(value) ? `${value.length} entries` : typeof value;
    throw new Error(`${file} should be an array of ${expected} labels, got ${got}. ${REFETCH_HINT}`);
  }
  const labels = new Uint8Array(expected);
  value.forEach((v: unknown, i) => {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= NUM_CLASSES) {
      throw new Error(`${file}: label ${i} is ${JSON.stringify(v)}, not an integer in 0..9. ${REFETCH_HINT}`);
    }
    labels[i] = v as number;
  });
  return labels;
}

/** One ImageSet from image batches (in label order) and their labels; checks the counts agree. */
export function assembleSet(batches: readonly Uint8Array[], labels: Uint8Array, what: string): ImageSet {
  const total = batches.reduce((n, b) => n + b.length, 0);
  const count = total / IMAGE_BYTES;
  if (count !== labels.length) {
    throw new Error(`The ${what} set has ${count} images but ${labels.length} labels. ${REFETCH_HINT}`);
  }
  if (batches.length === 1) return { images: batches[0]!, labels, count };
  const images = new Uint8Array(total);
  let offset = 0;
  for (const b of batches) {
    images.set(b, offset);
    offset += b.length;
  }
  return { images, labels, count };
}

/** The images [i0, i1) of a set, as views (no copy). */
export function sliceSet(set: ImageSet, start: number, end: number): ImageSet {
  return {
    images: set.images.subarray(start * IMAGE_BYTES, end * IMAGE_BYTES),
    labels: set.labels.subarray(start, end),
    count: end - start,
  };
}
