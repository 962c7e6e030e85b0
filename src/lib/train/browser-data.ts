/**
 * CIFAR-10's training half in a page or a worker: fetch the site's batch PNGs, decode them exactly
 * (createImageBitmap without colour conversion into an OffscreenCanvas; facts.md), and assemble one ImageSet.
 */
import { imageFilesOf, labelFileOf, TRAIN_COUNT } from '../data/cifar10.ts';
import { REFETCH_HINT, assembleSet, assertPng, parseLabels, rgbaToImages } from '../data/layout.ts';
import type { ImageSet } from '../data/types.ts';

export type DataProgress = (fraction: number, stage: string) => void;

async function fetchBytes(url: string, file: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`Could not fetch ${file} from ${url} (${e instanceof Error ? e.message : String(e)}). Check the connection to the site.`);
  }
  if (!res.ok) throw new Error(`The CIFAR-10 file ${file} is not on this site (HTTP ${res.status} for ${url}). ${REFETCH_HINT}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** RGB rows of one batch PNG: [N, 32, 32, 3] bytes. */
async function decodeBatch(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  assertPng(bytes, file);
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: 'image/png' }), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  try {
    const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d', { willReadFrequently: true });
    if (ctx === null) throw new Error('This browser cannot read pixels from an OffscreenCanvas 2D context; try a current Chromium, Firefox or Safari.');
    ctx.drawImage(bitmap, 0, 0);
    return rgbaToImages(ctx.getImageData(0, 0, bitmap.width, bitmap.height).data, bitmap.width, bitmap.height, file);
  } finally {
    bitmap.close();
  }
}

/** The 50,000 training images and labels from `baseUrl` (e.g. '/data/cifar10/'). */
export async function loadTrainSetBrowser(baseUrl: string, onProgress: DataProgress = () => {}): Promise<ImageSet> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const files = imageFilesOf('train');
  const labelFile = labelFileOf('train');
  const labels = parseLabels(new TextDecoder().decode(await fetchBytes(base + labelFile.name, labelFile.name)), labelFile.name, TRAIN_COUNT);
  const batches: Uint8Array[] = [];
  for (const [i, f] of files.entries()) {
    onProgress(i / files.length, `Loading ${f.name}`);
    batches.push(await decodeBatch(await fetchBytes(base + f.name, f.name), f.name));
  }
  onProgress(1, 'CIFAR-10 training images loaded');
  return assembleSet(batches, labels, 'training');
}
