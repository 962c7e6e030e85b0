/**
 * Node loader: reads the batch PNGs and label files that `npm run data` placed in public/data/cifar10 and decodes them
 * with pngjs into the same bytes the browser loader produces. Node only (node:fs); browsers use src/platform/browser/load-cifar10.ts.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { parseCifar10BinaryTar, type BinaryArchiveOptions } from '../../src/lib/data/binary-archive.ts';
import { BATCH_IMAGES, TRAIN_16_FILE, imageFilesOf, labelFileOf } from '../../src/core/data/cifar10.ts';
import { REFETCH_HINT, assembleSet, assertPng, parseLabels, rgbaToImages } from '../../src/lib/data/layout.ts';
import type { Cifar10, Cifar10Parts, ImageSet, Part } from '../../src/core/data/types.ts';

export interface NodeLoadOptions {
  /** Which parts to load; both by default. */
  parts?: readonly Part[];
  /** Images per batch file: 10,000 for CIFAR-10, fewer for test fixtures. */
  imagesPerBatch?: number;
}

/** The default data folder, relative to the project root (where npm scripts run). */
export const DEFAULT_DATA_DIR = 'public/data/cifar10';

/** Loads CIFAR-10 from `dir`: each part's images as [N, 32, 32, 3] HWC RGB bytes with labels. */
export async function loadCifar10Node(dir = DEFAULT_DATA_DIR, opts: NodeLoadOptions = {}): Promise<Cifar10Parts> {
  const parts = opts.parts ?? ['train', 'test'];
  const out: Cifar10Parts = {};
  for (const part of parts) out[part] = await loadPartNode(dir, part, opts.imagesPerBatch ?? BATCH_IMAGES);
  return out;
}

/** One part (train: 5 batches, test: 1) from `dir`. */
export async function loadPartNode(dir: string, part: Part, imagesPerBatch: number = BATCH_IMAGES): Promise<ImageSet> {
  const files = imageFilesOf(part);
  const batches: Uint8Array[] = [];
  for (const f of files) batches.push(await decodeBatchFileNode(join(dir, f.name), imagesPerBatch));
  const lf = labelFileOf(part);
  const text = new TextDecoder().decode(await readDataFile(join(dir, lf.name)));
  const labels = parseLabels(text, lf.name, files.length * imagesPerBatch);
  return assembleSet(batches, labels, part);
}

/** The 50,000 training images at 16x16 ([50000, 16, 16, 3] HWC bytes, TRAIN_16_FILE in `dir`) with their labels. */
export async function loadTrain16Node(dir = DEFAULT_DATA_DIR): Promise<ImageSet> {
  const f = TRAIN_16_FILE;
  const images = await decodeBatchFileNode(join(dir, f.name), f.height);
  const lf = labelFileOf(f.part);
  const labels = parseLabels(new TextDecoder().decode(await readDataFile(join(dir, lf.name))), lf.name, f.count);
  return { images, labels, count: f.count };
}

/** The training set a degradation race of `size` draws from, as the race worker loads it: 16x16 for 16, else 32x32. */
export async function loadRaceTrainNode(size: 16 | 32, dir = DEFAULT_DATA_DIR): Promise<ImageSet> {
  return size === 16 ? loadTrain16Node(dir) : loadPartNode(dir, 'train');
}

/** [rows, 32, 32, 3] HWC bytes of one batch PNG file. */
export async function decodeBatchFileNode(path: string, imagesPerBatch: number = BATCH_IMAGES): Promise<Uint8Array> {
  return decodeBatchPng(await readDataFile(path), path, imagesPerBatch);
}

/** [rows, 32, 32, 3] HWC bytes of one batch PNG held in memory. */
export function decodeBatchPng(bytes: Uint8Array, file: string, imagesPerBatch: number = BATCH_IMAGES): Uint8Array {
  assertPng(bytes, file);
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  } catch (e) {
    throw new Error(`${file} is a damaged or truncated PNG (${(e as Error).message}). ${REFETCH_HINT}`);
  }
  return rgbaToImages(png.data, png.width, png.height, file, imagesPerBatch);
}

/** The bytes of a data file, or an Error naming it and saying how to get it. */
async function readDataFile(path: string): Promise<Uint8Array> {
  try {
    await stat(path);
  } catch {
    throw new Error(`CIFAR-10 file ${path} is missing. ${REFETCH_HINT}`);
  }
  return new Uint8Array(await readFile(path));
}

/** CIFAR-10 from the official cifar-10-binary.tar.gz at `path`, md5-verified (see binary-archive.ts). */
export async function loadCifar10BinaryNode(path: string, opts: BinaryArchiveOptions = {}): Promise<Cifar10> {
  let gz: Buffer;
  try {
    gz = await readFile(path);
  } catch (e) {
    throw new Error(`Cannot read the CIFAR-10 archive ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Check the path.`);
  }
  let tar: Buffer;
  try {
    tar = gunzipSync(gz);
  } catch {
    throw new Error(`${path} is not gzip-compressed: choose the official cifar-10-binary.tar.gz (not an unpacked or re-packed copy).`);
  }
  return parseCifar10BinaryTar(new Uint8Array(tar.buffer, tar.byteOffset, tar.length), opts);
}
