/**
 * Browser (and worker) loader: fetches the batch PNGs from the site's own origin and decodes them with
 * createImageBitmap (colour conversion and premultiplication off, so the bytes are the dataset's) into an
 * OffscreenCanvas, then getImageData. Gives the same bytes as the Node loader (both are checked against facts.md).
 */
import { BATCH_IMAGES, TRAIN_16_FILE, imageFilesOf, labelFileOf } from '../../core/data/cifar10.ts';
import { parseCifar10BinaryTar, type BinaryArchiveOptions } from '../../lib/data/binary-archive.ts';
import { REFETCH_HINT, ROW_PIXELS, assembleSet, assertPng, parseLabels, rgbaToImages } from '../../lib/data/layout.ts';
import type { Cifar10, Cifar10Parts, ImageSet, LoadProgress, Part } from '../../core/data/types.ts';

export interface BrowserLoadOptions {
  /** Folder URL of the data files, ending in '/'. */
  baseUrl?: string;
  /** Which parts to load; both by default. */
  parts?: readonly Part[];
  onProgress?: (p: LoadProgress) => void;
  /** Images per batch file: 10,000 for CIFAR-10, fewer for test fixtures. */
  imagesPerBatch?: number;
  signal?: AbortSignal;
}

export const DEFAULT_BASE_URL = '/data/cifar10/';

/** Loads the chosen parts: images as [N, 32, 32, 3] HWC RGB bytes, with labels. */
export async function loadCifar10Browser(opts: BrowserLoadOptions = {}): Promise<Cifar10Parts> {
  const parts = opts.parts ?? ['train', 'test'];
  const files = parts.flatMap((p) => imageFilesOf(p));
  const total = files.reduce((n, f) => n + f.size, 0);
  let done = 0;
  const out: Cifar10Parts = {};
  for (const part of parts) {
    const batches: Uint8Array[] = [];
    for (const f of imageFilesOf(part)) {
      batches.push(await loadBatchBrowser(f.name, {
        ...opts,
        onBytes: (received, stage) => opts.onProgress?.({ fraction: Math.min(1, (done + received) / total), stage }),
      }));
      done += f.size;
    }
    const labels = await loadLabelsBrowser(part, opts);
    out[part] = assembleSet(batches, labels, part);
  }
  opts.onProgress?.({ fraction: 1, stage: 'Loaded' });
  return out;
}

/** [N, 32, 32, 3] bytes of one batch file (e.g. 'data_batch_1.png'); reports bytes received while downloading. */
export async function loadBatchBrowser(
  name: string,
  opts: BrowserLoadOptions & { onBytes?: (received: number, stage: string) => void } = {},
): Promise<Uint8Array> {
  const bytes = await fetchBytes(name, opts, (n) => opts.onBytes?.(n, `Downloading ${name}`));
  opts.onBytes?.(bytes.length, `Decoding ${name}`);
  return decodeBatchPngBrowser(bytes, name, opts.imagesPerBatch ?? BATCH_IMAGES);
}

/**
 * The 50,000 training images at 16x16 ([50000, 16, 16, 3] HWC bytes, TRAIN_16_FILE) with their labels: what a
 * size-16 degradation race needs, a 32 MB file instead of the five 23 MB batches.
 */
export async function loadTrain16Browser(opts: BrowserLoadOptions = {}): Promise<ImageSet> {
  const f = TRAIN_16_FILE;
  const report = (received: number, stage: string) => opts.onProgress?.({ fraction: Math.min(1, received / f.size), stage });
  const bytes = await fetchBytes(f.name, opts, (n) => report(n, `Downloading ${f.name}`));
  report(bytes.length, `Decoding ${f.name}`);
  const images = await decodeBatchPngBrowser(bytes, f.name, f.height);
  const labels = await loadLabelsBrowser('train', opts);
  opts.onProgress?.({ fraction: 1, stage: 'Loaded' });
  return { images, labels, count: f.count };
}

/** The labels of one part (train: 50,000 in batch order; test: 10,000). */
export async function loadLabelsBrowser(part: Part, opts: BrowserLoadOptions = {}): Promise<Uint8Array> {
  const lf = labelFileOf(part);
  const text = new TextDecoder().decode(await fetchBytes(lf.name, opts));
  return parseLabels(text, lf.name, imageFilesOf(part).length * (opts.imagesPerBatch ?? BATCH_IMAGES));
}

/** Decodes PNG bytes of a batch exactly (no colour management) into [rows, 32, 32, 3] bytes. */
export async function decodeBatchPngBrowser(bytes: Uint8Array, file: string, rows: number = BATCH_IMAGES): Promise<Uint8Array> {
  assertPng(bytes, file);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }), {
      colorSpaceConversion: 'none', premultiplyAlpha: 'none',
    });
  } catch (e) {
    throw new Error(`${file} is a damaged or truncated PNG (${(e as Error).message}). ${REFETCH_HINT}`);
  }
  try {
    const { width, height } = bitmap;
    if (width !== ROW_PIXELS || height !== rows) return rgbaToImages([], width, height, file, rows);
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('This browser cannot create a 2D OffscreenCanvas, which decoding CIFAR-10 needs.');
    ctx.drawImage(bitmap, 0, 0);
    return rgbaToImages(ctx.getImageData(0, 0, width, height).data, width, height, file, rows);
  } finally {
    bitmap.close();
  }
}

/** The bytes at baseUrl + name, with clear messages for a missing file (404) or a failed request. */
async function fetchBytes(name: string, opts: BrowserLoadOptions, onBytes?: (n: number) => void): Promise<Uint8Array> {
  const url = `${opts.baseUrl ?? DEFAULT_BASE_URL}${name}`;
  let res: Response;
  try {
    res = await fetch(url, { signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new Error(`Could not request ${url} (${(e as Error).message}). Check that the site's server is running.`);
  }
  if (res.status === 404) throw new Error(`CIFAR-10 is not on this server yet: ${url} is missing (404). ${REFETCH_HINT}`);
  if (!res.ok) throw new Error(`${url} answered ${res.status} ${res.statusText}. ${REFETCH_HINT}`);
  if (!res.body || !onBytes) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onBytes(received);
  }
  const out = new Uint8Array(received);
  chunks.reduce((o, c) => (out.set(c, o), o + c.length), 0);
  return out;
}

/** Gunzips bytes with the browser's DecompressionStream; a clear Error when they are not gzip. */
export async function gunzipBrowser(bytes: Uint8Array, what = 'The file'): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new Error(`${what} is not gzip-compressed: choose the official cifar-10-binary.tar.gz.`);
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new Error(`${what} is a damaged gzip file (${(e as Error).message}). Download cifar-10-binary.tar.gz again.`);
  }
}

/** CIFAR-10 from a user's cifar-10-binary.tar.gz (e.g. a File from an <input type=file>), md5-verified. */
export async function loadCifar10BinaryBrowser(file: Blob, opts: BinaryArchiveOptions = {}): Promise<Cifar10> {
  const tar = await gunzipBrowser(new Uint8Array(await file.arrayBuffer()), `"${(file as File).name ?? 'The archive'}"`);
  return parseCifar10BinaryTar(tar, opts);
}

/** Progress of loadTrainSetBrowser: fraction done in [0, 1] and what is happening. */
export type DataProgress = (fraction: number, stage: string) => void;

/** The 50,000 training images and labels from `baseUrl` (e.g. '/data/cifar10/'), for a training session. */
export async function loadTrainSetBrowser(baseUrl: string, onProgress: DataProgress = () => {}): Promise<ImageSet> {
  const { train } = await loadCifar10Browser({ baseUrl, parts: ['train'], onProgress: (p) => onProgress(p.fraction, p.stage) });
  if (!train) throw new Error('The CIFAR-10 loader returned no training set; run `npm run data` and reload.');
  return train;
}
