/**
 * Checks on the real CIFAR-10 in public/data/cifar10 (placed by `npm run data`). Skipped, with the reason in the test
 * name, when the files are absent, so a fresh clone's `npm run test:unit` still runs everything else.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toRecords } from '../../../src/lib/data/binary-archive.ts';
import { BATCH_IMAGES, CIFAR10_MEAN, CIFAR10_STD, DATA_FILES, IMAGE_FILES } from '../../../src/core/data/cifar10.ts';
import { md5Hex, sha256Hex } from '../../../src/lib/data/hash.ts';
import { sliceSet } from '../../../src/lib/data/layout.ts';
import { DEFAULT_DATA_DIR, loadCifar10Node } from '../../../scripts/lib/load-node.ts';
import { channelStats, classCounts } from '../../../src/core/data/stats.ts';
import type { Cifar10 } from '../../../src/core/data/types.ts';

const present = DATA_FILES.every((f) => existsSync(join(DEFAULT_DATA_DIR, f.name)));
const title = present ? 'the real CIFAR-10' : `the real CIFAR-10 (SKIPPED: ${DEFAULT_DATA_DIR} is absent; run \`npm run data\`)`;

describe.skipIf(!present)(title, () => {
  let data: Cifar10;
  beforeAll(async () => {
    data = (await loadCifar10Node()) as Cifar10;
  });

  it('decodes every batch to the sha256 in facts.md', async () => {
    for (const [k, f] of IMAGE_FILES.entries()) {
      const set = f.part === 'test' ? data.test : sliceSet(data.train, k * BATCH_IMAGES, (k + 1) * BATCH_IMAGES);
      expect(await sha256Hex(set.images), f.name).toBe(f.decodedSha256);
    }
  });

  it('rebuilds the official binary records with the published md5s', () => {
    const [f] = IMAGE_FILES;
    expect(md5Hex(toRecords(sliceSet(data.train, 0, BATCH_IMAGES)))).toBe(f!.binMd5);
  });

  it('has the known first labels and 5,000 / 1,000 images per class', () => {
    expect(Array.from(data.train.labels.subarray(0, 10))).toEqual([6, 9, 9, 4, 1, 1, 2, 7, 8, 3]);
    expect(Array.from(data.test.labels.subarray(0, 10))).toEqual([3, 8, 8, 0, 6, 6, 1, 6, 3, 1]);
    expect(classCounts(data.train.labels)).toEqual(new Array(10).fill(5000));
    expect(classCounts(data.test.labels)).toEqual(new Array(10).fill(1000));
  });

  it('has the training-set mean and std of facts.md', () => {
    const s = channelStats(data.train.images);
    for (let c = 0; c < 3; c++) {
      expect(s.mean[c]).toBeCloseTo(CIFAR10_MEAN[c]!, 4);
      expect(s.std[c]).toBeCloseTo(CIFAR10_STD[c]!, 4);
    }
  });
});
