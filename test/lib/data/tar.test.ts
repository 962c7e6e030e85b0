import { describe, expect, it } from 'vitest';
import { readTar } from '../../../src/lib/data/tar.ts';
import { makeTar } from './tar-writer.ts';

describe('readTar', () => {
  it('returns each regular file with its name and exact bytes, skipping directories', () => {
    const a = new TextEncoder().encode('hello');
    const b = Uint8Array.from({ length: 1300 }, (_, i) => i & 255);
    const tar = makeTar([{ name: 'dir/', data: new Uint8Array(0), type: '5' }, { name: 'dir/a.txt', data: a }, { name: 'dir/b.bin', data: b }]);
    const entries = readTar(tar);
    expect(entries.map((e) => e.name)).toEqual(['dir/a.txt', 'dir/b.bin']);
    expect(Array.from(entries[0]!.data)).toEqual(Array.from(a));
    expect(Array.from(entries[1]!.data)).toEqual(Array.from(b));
  });

  it('uses GNU long names and pax paths for the following entry', () => {
    const long = 'x'.repeat(150) + '/file.bin';
    const tar = makeTar([
      { name: '././@LongLink', data: new TextEncoder().encode(long + '\0'), type: 'L' },
      { name: 'short', data: new Uint8Array([1]) },
      { name: 'PaxHeader', data: new TextEncoder().encode('19 path=pax/name.b\n'), type: 'x' },
      { name: 'short2', data: new Uint8Array([2]) },
    ]);
    expect(readTar(tar).map((e) => e.name)).toEqual([long, 'pax/name.b']);
  });

  it('says the input is not a tar archive when the header checksum is wrong', () => {
    expect(() => readTar(new Uint8Array(1024).fill(65), 'upload')).toThrow(/upload is not a tar archive/);
  });

  it('says the archive is truncated when an entry runs past the end', () => {
    const tar = makeTar([{ name: 'big', data: new Uint8Array(2000) }]);
    expect(() => readTar(tar.subarray(0, 1024))).toThrow(/truncated/);
  });
});
