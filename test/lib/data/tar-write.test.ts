import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTar, writeTar } from '../../../src/lib/data/tar.ts';

const enc = new TextEncoder();
const files = [
  { name: 'proj/train.py', data: enc.encode('print("hello")\n') },
  { name: 'proj/empty.txt', data: new Uint8Array(0) },
  { name: 'proj/block.bin', data: Uint8Array.from({ length: 1537 }, (_v, i) => (i * 7) % 256) },
];

describe('writeTar', () => {
  it('writes an archive GNU tar lists and extracts byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-'));
    const path = join(dir, 'p.tar');
    writeFileSync(path, writeTar(files));
    expect(execFileSync('tar', ['-tf', path], { encoding: 'utf8' }).trim().split('\n')).toEqual(files.map((f) => f.name));
    execFileSync('tar', ['-xf', path, '-C', dir]);
    for (const f of files) expect(new Uint8Array(readFileSync(join(dir, f.name)))).toEqual(f.data);
  });

  it('reads back with readTar, and the same files give the same bytes', () => {
    const bytes = writeTar(files);
    expect(bytes.length % 512).toBe(0);
    expect(readTar(bytes).map((e) => [e.name, [...e.data]])).toEqual(files.map((f) => [f.name, [...f.data]]));
    expect(writeTar(files)).toEqual(bytes);
  });

  it('refuses names tar cannot hold in its header', () => {
    expect(() => writeTar([{ name: 'x'.repeat(101), data: new Uint8Array(1) }])).toThrow(/1 to 100 bytes/);
    expect(() => writeTar([{ name: '', data: new Uint8Array(1) }])).toThrow(/1 to 100 bytes/);
  });
});
