import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileProblem, sha256File, writeVerified } from '../../scripts/lib/verified-files.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verified-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const bytes = new TextEncoder().encode('CIFAR-10 test bytes');
const sha = createHash('sha256').update(bytes).digest('hex');

describe('writeVerified', () => {
  it('writes bytes whose sha256 matches, leaving no .partial behind', async () => {
    const path = join(dir, 'ok.bin');
    await writeVerified(path, bytes, sha, 'fix');
    expect(Buffer.from(await readFile(path)).equals(Buffer.from(bytes))).toBe(true);
    expect(existsSync(`${path}.partial`)).toBe(false);
    expect(await sha256File(path)).toBe(sha);
  });

  it('refuses bytes with another sha256, names the file and both hashes, and writes nothing', async () => {
    const path = join(dir, 'bad.bin');
    await expect(writeVerified(path, bytes, 'f'.repeat(64), 'Run it again.'))
      .rejects.toThrow(new RegExp(`bad\\.bin: sha256 mismatch \\(expected f{64}, got ${sha}\\)\\. Run it again\\.`));
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.partial`)).toBe(false);
  });
});

describe('fileProblem', () => {
  it('reports a missing file, a wrong size, a wrong hash, and nothing for the right file', async () => {
    const path = join(dir, 'f.bin');
    const want = { name: 'f.bin', size: bytes.length, sha256: sha };
    expect(await fileProblem(path, want)).toBe('missing');
    await writeFile(path, bytes.subarray(1));
    expect(await fileProblem(path, want)).toBe(`${bytes.length - 1} bytes instead of ${bytes.length}`);
    const other = Uint8Array.from(bytes).fill(65, 0, 1);
    await writeFile(path, other);
    expect(await fileProblem(path, want)).toMatch(/^sha256 [0-9a-f]{64} instead of /);
    await writeFile(path, bytes);
    expect(await fileProblem(path, want)).toBeUndefined();
  });

  it('does not accept a leftover .partial as the file', async () => {
    const path = join(dir, 'p.bin');
    await writeFile(`${path}.partial`, bytes);
    expect(await fileProblem(path, { name: 'p.bin', size: bytes.length, sha256: sha })).toBe('missing');
  });
});
