import { rm, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCifar10Node } from '../../scripts/lib/load-node.ts';
import type { Cifar10 } from '../../src/core/data/types.ts';
import { writeFixture } from '../fixtures/cifar-fixture.ts';

let dir = '';
let data: Cifar10;
beforeAll(async () => ({ dir, data } = await writeFixture(4)));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadCifar10Node on a fixture in the package format', () => {
  it('returns the exact bytes and labels that were written, train batches in order', async () => {
    const got = await loadCifar10Node(dir, { imagesPerBatch: 4 });
    expect(got.train!.count).toBe(20);
    expect(got.test!.count).toBe(4);
    expect(Buffer.from(got.train!.images).equals(Buffer.from(data.train.images))).toBe(true);
    expect(Array.from(got.train!.labels)).toEqual(Array.from(data.train.labels));
    expect(Buffer.from(got.test!.images).equals(Buffer.from(data.test.images))).toBe(true);
  });

  it('loads only the parts asked for', async () => {
    const got = await loadCifar10Node(dir, { parts: ['test'], imagesPerBatch: 4 });
    expect(Object.keys(got)).toEqual(['test']);
  });

  it('names a missing file and says to run npm run data', async () => {
    await expect(loadCifar10Node(join(dir, 'nowhere'), { parts: ['test'] })).rejects.toThrow(/test_batch\.png is missing\. Run `npm run data`/);
  });

  it('rejects a batch of the wrong size with its dimensions', async () => {
    await expect(loadCifar10Node(dir, { parts: ['test'] })).rejects.toThrow(/test_batch\.png is 1024 x 4 pixels; a CIFAR-10 batch is 1024 x 10000/);
  });
});

describe('loadCifar10Node on damaged files', () => {
  it('says a non-PNG file is not a PNG', async () => {
    const { dir: d } = await writeFixture(2);
    await writeFile(join(d, 'test_batch.png'), '<!doctype html><p>Not found</p>');
    await expect(loadCifar10Node(d, { parts: ['test'], imagesPerBatch: 2 })).rejects.toThrow(/test_batch\.png is not a PNG image .*npm run data/);
    await rm(d, { recursive: true });
  });

  it('says a truncated PNG is damaged or truncated', async () => {
    const { dir: d } = await writeFixture(2);
    const bytes = await readFile(join(d, 'test_batch.png'));
    await writeFile(join(d, 'test_batch.png'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(loadCifar10Node(d, { parts: ['test'], imagesPerBatch: 2 })).rejects.toThrow(/damaged or truncated PNG/);
    await rm(d, { recursive: true });
  });

  it('says which label is out of range', async () => {
    const { dir: d } = await writeFixture(2);
    await writeFile(join(d, 'test_lables.json'), '[1,12]');
    await expect(loadCifar10Node(d, { parts: ['test'], imagesPerBatch: 2 })).rejects.toThrow(/test_lables\.json: label 1 is 12/);
    await rm(d, { recursive: true });
  });
});
