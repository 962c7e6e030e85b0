/**
 * CIFAR-10's training half in a page or a worker, through the data library's browser loader (exact decoding:
 * createImageBitmap without colour conversion into an OffscreenCanvas; facts.md).
 */
import { loadCifar10Browser } from '../data/load-browser.ts';
import type { ImageSet } from '../../core/data/types.ts';

export type DataProgress = (fraction: number, stage: string) => void;

/** The 50,000 training images and labels from `baseUrl` (e.g. '/data/cifar10/'). */
export async function loadTrainSetBrowser(baseUrl: string, onProgress: DataProgress = () => {}): Promise<ImageSet> {
  const { train } = await loadCifar10Browser({ baseUrl, parts: ['train'], onProgress: (p) => onProgress(p.fraction, p.stage) });
  if (!train) throw new Error('The CIFAR-10 loader returned no training set; run `npm run data` and reload.');
  return train;
}
