/**
 * CIFAR-10 for the data page's figures, loaded once and shared: training batches are fetched one by one as figures
 * need them (the class grid needs only the first), labels separately (the split needs only those). A reader who has
 * the official cifar-10-binary.tar.gz can use it instead of the server's files. Imports no TensorFlow.js.
 */
import { BATCH_IMAGES, IMAGE_BYTES, imageFilesOf } from '../core/data/cifar10.ts';
import { assembleSet } from '../lib/data/layout.ts';
import { loadBatchBrowser, loadCifar10BinaryBrowser, loadLabelsBrowser } from '../platform/browser/load-cifar10.ts';
import type { Cifar10, ImageSet, LoadProgress } from '../core/data/types.ts';


/** Fired on window when the reader switches to their own archive, so figures reload from it. */
export const SOURCE_EVENT = 'cifar10-source-change';

const batches = new Map<number, Promise<Uint8Array>>();
let labels: Promise<Uint8Array> | undefined;
let archive: Cifar10 | undefined;

/** Where the images come from, for status lines. */
export function sourceLabel(): string {
  return archive ? 'your cifar-10-binary.tar.gz' : 'this site (/data/cifar10/)';
}

/** The 50,000 training labels, in batch order. */
export function trainLabels(): Promise<Uint8Array> {
  if (archive) return Promise.resolve(archive.train.labels);
  labels ??= loadLabelsBrowser('train').catch((e: unknown) => {
    labels = undefined;
    throw e;
  });
  return labels;
}

/** The first `count` training batches (1..5) as one set of count * 10,000 images; progress covers what is not cached. */
export async function trainBatches(count: number, onProgress?: (p: LoadProgress) => void): Promise<ImageSet> {
  if (!Number.isInteger(count) || count < 1 || count > 5) throw new Error(`CIFAR-10 has 5 training batches; asked for ${count}.`);
  if (archive) {
    const n = count * BATCH_IMAGES;
    return { images: archive.train.images.subarray(0, n * IMAGE_BYTES), labels: archive.train.labels.subarray(0, n), count: n };
  }
  const files = imageFilesOf('train').slice(0, count);
  const todo = files.filter((_, k) => !batches.has(k));
  const total = todo.reduce((n, f) => n + f.size, 0);
  let done = 0;
  const parts: Uint8Array[] = [];
  for (const [k, f] of files.entries()) {
    let p = batches.get(k);
    if (!p) {
      p = loadBatchBrowser(f.name, { onBytes: (n, stage) => onProgress?.({ fraction: (done + n) / total, stage }) });
      batches.set(k, p);
      p.catch(() => batches.delete(k));
      await p.catch(() => undefined);
      done += f.size;
    }
    parts.push(await p);
  }
  const all = await trainLabels();
  return assembleSet(parts, all.subarray(0, count * BATCH_IMAGES), 'training');
}

/** Switches every figure to the reader's own official archive after checking its md5s. */
export async function useArchive(file: File): Promise<void> {
  archive = await loadCifar10BinaryBrowser(file);
  window.dispatchEvent(new CustomEvent(SOURCE_EVENT));
}

/** A reader-facing sentence for a failed load: the loader's message, plus the alternative of a local archive. */
export function explain(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return /npm run data/.test(message)
    ? `${message} Or use your own copy of cifar-10-binary.tar.gz (see "Use your own copy of CIFAR-10" on this page).`
    : message;
}
