import { gzipSync } from 'node:zlib';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRecords, parseCifar10BinaryTar, toRecords } from '../../../src/lib/data/binary-archive.ts';
import { IMAGE_FILES } from '../../../src/core/data/cifar10.ts';
import { md5Hex } from '../../../src/lib/data/hash.ts';
import { sliceSet } from '../../../src/lib/data/layout.ts';
import { loadCifar10BinaryNode } from '../../../scripts/lib/load-node.ts';
import { randomSet } from '../../fixtures/cifar-fixture.ts';
import { makeTar } from './tar-writer.ts';

/** An archive laid out like cifar-10-binary.tar.gz with 3 records per member, and the md5 of each member. */
function fixtureArchive() {
  const train = randomSet(15, 4);
  const test = randomSet(3, 5);
  const members = IMAGE_FILES.map((f, k) => {
    const set = f.part === 'test' ? test : sliceSet(train, k * 3, k * 3 + 3);
    return { name: `cifar-10-batches-bin/${f.binName}`, data: toRecords(set) };
  });
  const md5 = Object.fromEntries(IMAGE_FILES.map((f, k) => [f.binName, md5Hex(members[k]!.data)]));
  const tar = makeTar([{ name: 'cifar-10-batches-bin/batches.meta.txt', data: new TextEncoder().encode('airplane\n') }, ...members]);
  return { tar, md5, train, test };
}

describe('binary records', () => {
  it('hold label then the R, G and B planes; fromRecords inverts toRecords', () => {
    const set = randomSet(2, 1, 7);
    const bin = toRecords(set);
    expect(bin[0]).toBe(7);
    expect(bin[1]).toBe(set.images[0]); // R of pixel 0
    expect(bin[1 + 1024]).toBe(set.images[1]); // G of pixel 0
    expect(bin[1 + 2048 + 5]).toBe(set.images[5 * 3 + 2]); // B of pixel 5
    const back = fromRecords(bin);
    expect(Buffer.from(back.images).equals(Buffer.from(set.images))).toBe(true);
    expect(Array.from(back.labels)).toEqual([7, 8]);
  });
});

describe('parseCifar10BinaryTar', () => {
  it('returns the same images and labels as the package layout when the md5s match', () => {
    const { tar, md5, train, test } = fixtureArchive();
    const got = parseCifar10BinaryTar(tar, { md5, recordsPerBatch: 3 });
    expect(Buffer.from(got.train.images).equals(Buffer.from(train.images))).toBe(true);
    expect(Array.from(got.train.labels)).toEqual(Array.from(train.labels));
    expect(Buffer.from(got.test.images).equals(Buffer.from(test.images))).toBe(true);
  });

  it('names the member whose md5 differs, with both hashes', () => {
    const { tar, md5 } = fixtureArchive();
    const bad = { ...md5, 'data_batch_3.bin': '0'.repeat(32) };
    expect(() => parseCifar10BinaryTar(tar, { md5: bad, recordsPerBatch: 3 }))
      .toThrow(new RegExp(`data_batch_3\\.bin: md5 mismatch \\(expected 0{32}, got ${md5['data_batch_3.bin']}\\)`));
  });

  it('checks the published md5s by default, so a look-alike archive is refused', () => {
    expect(() => parseCifar10BinaryTar(fixtureArchive().tar, { recordsPerBatch: 3 })).toThrow(/data_batch_1\.bin: md5 mismatch/);
  });

  it('recognises the Python version and says which file to choose', () => {
    const tar = makeTar([{ name: 'cifar-10-batches-py/data_batch_1', data: new Uint8Array(10) }]);
    expect(() => parseCifar10BinaryTar(tar)).toThrow(/Python \(pickle\) version.*cifar-10-binary\.tar\.gz/);
  });

  it('loads a gzipped archive from disk in Node, and explains a file that is not gzip', async () => {
    const { tar, md5, test } = fixtureArchive();
    const dir = await mkdtemp(join(tmpdir(), 'cifar-bin-'));
    await writeFile(join(dir, 'a.tar.gz'), gzipSync(tar));
    await writeFile(join(dir, 'b.tar.gz'), tar);
    const got = await loadCifar10BinaryNode(join(dir, 'a.tar.gz'), { md5, recordsPerBatch: 3 });
    expect(Buffer.from(got.test.images).equals(Buffer.from(test.images))).toBe(true);
    await expect(loadCifar10BinaryNode(join(dir, 'b.tar.gz'))).rejects.toThrow(/not gzip-compressed/);
    await expect(loadCifar10BinaryNode(join(dir, 'none.tar.gz'))).rejects.toThrow(/Cannot read the CIFAR-10 archive .*ENOENT/);
    await rm(dir, { recursive: true });
  });
});
