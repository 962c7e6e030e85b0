/**
 * The degradation race's 16x16 training images (train_16x16.png): `npm run data` derives them from the real batches
 * into a temporary folder (links to public/data/cifar10's verified files), keeps a valid file, rederives a damaged
 * one; and the file's images are exactly downsample2x of all 50,000 full-size ones, the bytes races trained on before.
 * Skipped, with the reason in its name, without the data (`npm run data`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_FILES, TRAIN_16_FILE } from '../../src/core/data/cifar10.ts';
import { splitTrainValidation } from '../../src/core/data/split.ts';
import type { ImageSet } from '../../src/core/data/types.ts';
import { readSettings } from '../../src/core/labs/settings.ts';
import { degradationTable } from '../../src/core/labs/degradation-settings.ts';
import { Rng } from '../../src/core/random.ts';
import { FORKS } from '../../src/core/train/forks.ts';
import { downsample2x } from '../../src/lib/data/downsample.ts';
import { raceData } from '../../src/lib/race/data.ts';
import { DEFAULT_DATA_DIR, loadPartNode, loadTrain16Node } from '../../scripts/lib/load-node.ts';
import { TRAIN_16_STAMP, train16Problem } from '../../scripts/lib/train16.ts';
import { sha256Bytes } from '../../scripts/lib/verified-files.ts';

const run = promisify(execFile);
const present = DATA_FILES.every((f) => existsSync(join(DEFAULT_DATA_DIR, f.name)));
const derived = existsSync(join(DEFAULT_DATA_DIR, TRAIN_16_FILE.name));
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'train16-'));
  // The eight verified files, linked (read only): the script reads them and writes only train_16x16.png here.
  if (present) for (const f of DATA_FILES) await symlink(resolve(DEFAULT_DATA_DIR, f.name), join(dir, f.name));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `npm run data -- --dir <dir>`: its exit code and output. */
async function fetchData(): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/fetch-cifar10.ts', '--dir', dir], { maxBuffer: 1 << 20 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe.skipIf(!present)(present ? 'npm run data and train_16x16.png' : 'npm run data and train_16x16.png (SKIPPED: no CIFAR-10; npm run data)', () => {
  it('derives the file once, keeps it while valid, and rederives a damaged one', async () => {
    const first = await fetchData();
    expect(first.out).toMatch(/train_16x16\.png: missing; deriving it/);
    expect(first.out).toMatch(/train_16x16\.png: derived and verified \(31,885,705 bytes\)/);
    expect(first.code).toBe(0);
    expect(await train16Problem(dir)).toBeUndefined();
    expect(existsSync(join(dir, TRAIN_16_STAMP))).toBe(false);

    const second = await fetchData();
    expect(second.out).toMatch(/train_16x16\.png is already there: verified \(size \+ sha256\)\. Nothing derived\./);
    expect(second.out).not.toMatch(/deriving/);

    await writeFile(join(dir, TRAIN_16_FILE.name), 'not a png');
    expect(await train16Problem(dir)).toBe(`9 bytes instead of ${TRAIN_16_FILE.size}`);
    const third = await fetchData();
    expect(third.out).toMatch(/train_16x16\.png: 9 bytes instead of 31885705; deriving it/);
    expect(third.out).toMatch(/derived and verified/);
    expect(await train16Problem(dir)).toBeUndefined();
    expect(existsSync(join(dir, `${TRAIN_16_FILE.name}.partial`))).toBe(false);
  }, 300_000);

  it('accepts a file another zlib wrote only while it matches the stamp recorded for it', async () => {
    const other = join(dir, 'other');
    await mkdir(other, { recursive: true });
    const bytes = new TextEncoder().encode('pixels checked when written');
    await writeFile(join(other, TRAIN_16_FILE.name), bytes);
    expect(await train16Problem(other)).toMatch(/bytes instead of 31885705/);
    await writeFile(join(other, TRAIN_16_STAMP), JSON.stringify({ name: TRAIN_16_FILE.name, size: bytes.length, sha256: sha256Bytes(bytes) }));
    expect(await train16Problem(other)).toBeUndefined();
    await writeFile(join(other, TRAIN_16_FILE.name), 'pixels changed afterwards!!');
    expect(await train16Problem(other)).toMatch(/bytes instead of 31885705/);
  });
});

describe.skipIf(!present || !derived)(derived ? 'train_16x16.png' : 'train_16x16.png (SKIPPED: not derived yet; npm run data)', () => {
  let small: ImageSet;
  let full: ImageSet;
  beforeAll(async () => {
    small = await loadTrain16Node();
    full = await loadPartNode(DEFAULT_DATA_DIR, 'train');
  }, 300_000);

  it('holds downsample2x of all 50,000 full-size training images, in order, with the training labels', () => {
    expect(small.count).toBe(50_000);
    expect(small.images.length).toBe(50_000 * 16 * 16 * 3);
    expect(Buffer.from(small.images).equals(Buffer.from(downsample2x(full.images, full.count, 32, 3)))).toBe(true);
    expect(sha256Bytes(small.images)).toBe(TRAIN_16_FILE.decodedSha256);
    expect(Buffer.from(small.labels).equals(Buffer.from(full.labels))).toBe(true);
  });

  it('gives a size-16 race the same RaceData as downsampling the full-size images did, seed by seed', () => {
    const { settings } = readSettings(degradationTable, '');
    for (const seed of [1, 2, 5]) {
      const split = splitTrainValidation(full.count, Rng.fromSeed(seed).fork(FORKS.split));
      const opts = { seed, trainCount: settings.train, valCount: settings.val, size: 16 as const };
      const before = raceData(full, split, opts);
      const after = raceData(small, split, opts);
      expect(after.train.count).toBe(settings.train);
      expect(Buffer.from(after.train.images).equals(Buffer.from(before.train.images))).toBe(true);
      expect(Buffer.from(after.train.labels).equals(Buffer.from(before.train.labels))).toBe(true);
      expect(Buffer.from(after.val.images).equals(Buffer.from(before.val.images))).toBe(true);
      expect(Buffer.from(after.val.labels).equals(Buffer.from(before.val.labels))).toBe(true);
      expect(after).toEqual(before);
    }
  });
});
