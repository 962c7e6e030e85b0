/**
 * `npm run data`'s derived file: the 50,000 training images at 16x16 (TRAIN_16_FILE), made from the verified batch
 * PNGs by the race's own downsample2x, so a size-16 race trains on the bytes it trained on when it downsampled in
 * the browser. The pixels are checked against the recorded sha256 before anything is written. pngjs writes the
 * recorded file; should another zlib compress them differently, the file is still written (its pixels checked) and
 * a stamp records its hash, as --from-binary does for its re-encoded batches, so the next run accepts it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { TRAIN_16_FILE } from '../../src/core/data/cifar10.ts';
import { checksumError } from '../../src/lib/data/hash.ts';
import { downsample2x } from '../../src/lib/data/downsample.ts';
import { REFETCH_HINT } from '../../src/lib/data/layout.ts';
import { decodeBatchPng, loadPartNode } from './load-node.ts';
import { fileProblem, sha256Bytes, writeVerified, type Expected } from './verified-files.ts';

/** Stamp recording a 16x16 file whose PNG bytes differ from TRAIN_16_FILE's (another zlib) but whose pixels match. */
export const TRAIN_16_STAMP = 'train_16x16.json';

/** Why the 16x16 file in `dir` is not valid (missing, wrong size or hash), or undefined when it is. */
export async function train16Problem(dir: string): Promise<string | undefined> {
  const path = join(dir, TRAIN_16_FILE.name);
  const problem = await fileProblem(path, TRAIN_16_FILE);
  if (problem === undefined || problem === 'missing') return problem;
  const stamped = await readStamp(dir);
  return stamped && (await fileProblem(path, stamped)) === undefined ? undefined : problem;
}

/** Makes the 16x16 file in `dir` from the verified training batches there, checking its pixels; returns its size. */
export async function writeTrain16(dir: string): Promise<number> {
  const f = TRAIN_16_FILE;
  const train = await loadPartNode(dir, 'train');
  const images = downsample2x(train.images, train.count, 32, 3);
  const pixels = sha256Bytes(images);
  if (pixels !== f.decodedSha256) throw checksumError(`${f.name} (pixels)`, 'sha256', f.decodedSha256, pixels, REFETCH_HINT);
  const bytes = encodeTrain16(images);
  const sha256 = sha256Bytes(bytes);
  if (sha256 !== f.sha256) {
    // Another compressor: the pixels decide, read back from the bytes about to be written.
    const back = sha256Bytes(decodeBatchPng(bytes, f.name, f.height));
    if (back !== f.decodedSha256) throw checksumError(`${f.name} (decoded)`, 'sha256', f.decodedSha256, back, 'The PNG encoder lost pixels.');
    await writeFile(join(dir, TRAIN_16_STAMP), JSON.stringify({ name: f.name, size: bytes.length, sha256 }, null, 2) + '\n');
  }
  await writeVerified(join(dir, f.name), bytes, sha256, REFETCH_HINT);
  return bytes.length;
}

/** The PNG of TRAIN_16_FILE's layout from [50000, 16, 16, 3] bytes: pixel order is byte order, 1024 pixels a row. */
export function encodeTrain16(images: Uint8Array): Uint8Array {
  const f = TRAIN_16_FILE;
  if (images.length !== f.width * f.height * 3) throw new Error(`${f.name} holds ${f.width * f.height * 3} bytes of pixels, got ${images.length}.`);
  const options = { colorType: 2, inputColorType: 2, inputHasAlpha: false, filterType: -1, deflateLevel: 9 } as const;
  const png = new PNG({ width: f.width, height: f.height, ...options });
  png.data = Buffer.from(images.buffer, images.byteOffset, images.length);
  return new Uint8Array(PNG.sync.write(png, options));
}

/** The stamped size and hash of a 16x16 file written by another zlib, if any. */
async function readStamp(dir: string): Promise<Expected | undefined> {
  try {
    const v = JSON.parse(await readFile(join(dir, TRAIN_16_STAMP), 'utf8')) as Partial<Expected>;
    return typeof v.size === 'number' && typeof v.sha256 === 'string' ? { name: TRAIN_16_FILE.name, size: v.size, sha256: v.sha256 } : undefined;
  } catch {
    return undefined;
  }
}
