/**
 * The official CIFAR-10 archive (cifar-10-binary.tar.gz from the dataset's home page), for readers who already have it.
 * Each member data_batch_k.bin / test_batch.bin holds 10,000 records of 1 label byte + 1024 R + 1024 G + 1024 B
 * (planes, row-major); we check the published md5s, then convert to the project's [N, 32, 32, 3] HWC layout.
 * Takes already-gunzipped tar bytes: each environment gunzips its own way (zlib in Node, DecompressionStream in browsers).
 */
import { BATCH_IMAGES, IMAGE_BYTES, IMAGE_FILES, NUM_CLASSES, type ImageFile } from '../../core/data/cifar10.ts';
import { checksumError } from './hash.ts';
import { assembleSet } from './layout.ts';
import { md5Hex } from './md5.ts';
import { readTar, type TarEntry } from './tar.ts';
import type { Cifar10, ImageSet } from '../../core/data/types.ts';

const RECORD = 1 + IMAGE_BYTES;
const PLANE = IMAGE_BYTES / 3;
const WRONG_ARCHIVE_FIX = 'Choose cifar-10-binary.tar.gz (the "CIFAR-10 binary version" from https://www.cs.toronto.edu/~kriz/cifar.html), or run `npm run data`.';

export interface BinaryArchiveOptions {
  /** md5 per member name; the published values by default. Pass null to skip the check (tests of the layout only). */
  md5?: Readonly<Record<string, string>> | null;
  /** Records per member: 10,000 in the real archive. */
  recordsPerBatch?: number;
}

/** CIFAR-10 from the gunzipped bytes of cifar-10-binary.tar.gz, verified member by member. */
export function parseCifar10BinaryTar(tar: Uint8Array, opts: BinaryArchiveOptions = {}): Cifar10 {
  const entries = readTar(tar, 'CIFAR-10 archive');
  const md5 = opts.md5 === undefined ? Object.fromEntries(IMAGE_FILES.map((f) => [f.binName, f.binMd5])) : opts.md5;
  const records = opts.recordsPerBatch ?? BATCH_IMAGES;
  const part = (which: 'train' | 'test'): ImageSet => {
    const members = IMAGE_FILES.filter((f) => f.part === which).map((f) => memberOf(entries, f, md5, records));
    const decoded = members.map((bytes) => fromRecords(bytes));
    const labels = new Uint8Array(decoded.reduce((n, d) => n + d.labels.length, 0));
    decoded.reduce((o, d) => (labels.set(d.labels, o), o + d.labels.length), 0);
    return assembleSet(decoded.map((d) => d.images), labels, which);
  };
  return { train: part('train'), test: part('test') };
}

/** The bytes of one .bin member after checking its size and md5; errors name the member and the fix. */
function memberOf(entries: readonly TarEntry[], f: ImageFile, md5: Readonly<Record<string, string>> | null, records: number): Uint8Array {
  const entry = entries.find((e) => e.name === f.binName || e.name.endsWith(`/${f.binName}`));
  if (!entry) {
    const names = entries.map((e) => e.name);
    const python = names.some((n) => n.includes('cifar-10-batches-py'));
    const kind = python ? 'the Python (pickle) version of CIFAR-10' : `an archive without ${f.binName} (it holds ${names.slice(0, 4).join(', ') || 'no files'})`;
    throw new Error(`This is ${kind}, not the binary version. ${WRONG_ARCHIVE_FIX}`);
  }
  if (entry.data.length !== records * RECORD) {
    throw new Error(`${f.binName} has ${entry.data.length} bytes; it should hold ${records} records of ${RECORD} bytes. ${WRONG_ARCHIVE_FIX}`);
  }
  const want = md5?.[f.binName];
  if (want) {
    const got = md5Hex(entry.data);
    if (got !== want) throw checksumError(f.binName, 'md5', want, got, `The archive is damaged or not the official one. ${WRONG_ARCHIVE_FIX}`);
  }
  return entry.data;
}

/** Binary records (label, R plane, G plane, B plane) to [N, 32, 32, 3] HWC images and [N] labels. */
export function fromRecords(bin: Uint8Array): { images: Uint8Array; labels: Uint8Array } {
  const n = bin.length / RECORD;
  if (!Number.isInteger(n)) throw new Error(`Binary CIFAR-10 data must be whole ${RECORD}-byte records, got ${bin.length} bytes.`);
  const images = new Uint8Array(n * IMAGE_BYTES);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = i * RECORD;
    const label = bin[r]!;
    if (label >= NUM_CLASSES) throw new Error(`Record ${i} has label ${label}, not 0..9: not CIFAR-10 binary data. ${WRONG_ARCHIVE_FIX}`);
    labels[i] = label;
    const o = i * IMAGE_BYTES;
    for (let p = 0; p < PLANE; p++) {
      images[o + 3 * p] = bin[r + 1 + p]!;
      images[o + 3 * p + 1] = bin[r + 1 + PLANE + p]!;
      images[o + 3 * p + 2] = bin[r + 1 + 2 * PLANE + p]!;
    }
  }
  return { images, labels };
}

/** The inverse of fromRecords: an ImageSet as official binary records (used to check identity with the published md5s). */
export function toRecords(set: ImageSet): Uint8Array {
  const out = new Uint8Array(set.count * RECORD);
  for (let i = 0; i < set.count; i++) {
    const r = i * RECORD;
    const o = i * IMAGE_BYTES;
    out[r] = set.labels[i]!;
    for (let p = 0; p < PLANE; p++) {
      out[r + 1 + p] = set.images[o + 3 * p]!;
      out[r + 1 + PLANE + p] = set.images[o + 3 * p + 1]!;
      out[r + 1 + 2 * PLANE + p] = set.images[o + 3 * p + 2]!;
    }
  }
  return out;
}
