/**
 * `npm run data -- --from-binary <cifar-10-binary.tar.gz>`: builds the same folder from the official archive for
 * readers who already have it. Members are md5-checked, the decoded pixels must have facts.md's sha256, and the label
 * files come out byte-identical. The PNGs are re-encoded (pngjs), so their file hashes differ from the package's;
 * a stamp records them, written only after the content was verified, and the next run accepts them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { BATCH_IMAGES, IMAGE_FILES, LABEL_FILES, type ImageFile } from '../../src/core/data/cifar10.ts';
import { checksumError } from '../../src/lib/data/hash.ts';
import { sliceSet } from '../../src/lib/data/layout.ts';
import { loadCifar10BinaryNode } from './load-node.ts';
import type { Cifar10 } from '../../src/core/data/types.ts';
import { sha256Bytes, writeVerified, type Expected } from './verified-files.ts';

/** Name of the stamp listing the PNGs converted from the official archive. */
export const STAMP = 'from-binary.json';

/** The converted PNGs recorded by a previous --from-binary run (empty when there was none). */
export async function readStamp(dir: string): Promise<Expected[]> {
  try {
    const value = JSON.parse(await readFile(join(dir, STAMP), 'utf8')) as { files?: Expected[] };
    return Array.isArray(value.files) ? value.files : [];
  } catch {
    return [];
  }
}

/** Converts the archive at `archive` into `dir` (batch PNGs + label JSON), verifying each step. */
export async function convertBinaryArchive(archive: string, dir: string, log: (s: string) => void): Promise<void> {
  log(`Reading ${archive} and checking the md5 of each member...`);
  const data = await loadCifar10BinaryNode(archive);
  const converted: Expected[] = [];
  for (const f of IMAGE_FILES) {
    log(`Writing ${f.name}...`);
    converted.push(await writeBatchPng(data, f, dir));
  }
  for (const lf of LABEL_FILES) {
    const bytes = new TextEncoder().encode(JSON.stringify(Array.from(data[lf.part].labels)));
    await writeVerified(join(dir, lf.name), bytes, lf.sha256, 'The archive\'s labels differ from the published dataset.');
  }
  await writeFile(join(dir, STAMP), JSON.stringify({ source: 'cifar-10-binary.tar.gz', files: converted }, null, 2) + '\n');
}

/** Encodes one batch as a 1024 x 10000 RGB PNG after checking its pixels' sha256; returns the file's size and hash. */
async function writeBatchPng(data: Cifar10, f: ImageFile, dir: string): Promise<Expected> {
  const k = IMAGE_FILES.filter((g) => g.part === f.part).indexOf(f);
  const batch = sliceSet(data[f.part], k * BATCH_IMAGES, (k + 1) * BATCH_IMAGES);
  const pixels = sha256Bytes(batch.images);
  if (pixels !== f.decodedSha256) throw checksumError(`${f.binName} (decoded)`, 'sha256', f.decodedSha256, pixels, 'The archive is not the official CIFAR-10.');
  const png = new PNG({ width: 1024, height: BATCH_IMAGES, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(batch.images.buffer, batch.images.byteOffset, batch.images.length);
  const bytes = new Uint8Array(PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false }));
  const sha256 = sha256Bytes(bytes);
  await writeVerified(join(dir, f.name), bytes, sha256, '');
  return { name: f.name, size: bytes.length, sha256 };
}
