/**
 * What the PyTorch export tests share: the Python they run (/usr/bin/python3 or $PYTHON), whether it has PyTorch,
 * numpy and Pillow, whether CIFAR-10 is in place, an exported project in a temporary folder, and a Python run that
 * fails with the end of its output.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DATA_FILES } from '../../src/core/data/cifar10.ts';
import { entryToFloat32, parseSafetensors } from '../../src/lib/weights/safetensors.ts';
import { DEFAULT_DATA_DIR } from '../../scripts/lib/load-node.ts';

const run = promisify(execFile);
/** About 30 s each on an idle 2-core machine; far more when it is shared, so the limit is generous. */
export const HEAVY = 900_000;
export const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
export const ENV = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', OMP_NUM_THREADS: '1' };

export function torchProblem(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy, PIL'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} cannot run (${r.error.message})`;
  return r.status === 0 ? null : `${PYTHON} lacks torch, numpy or Pillow (${r.stderr.trim().split('\n').at(-1)})`;
}

export const problem = torchProblem();
export const dataPresent = DATA_FILES.every((f) => existsSync(join(DEFAULT_DATA_DIR, f.name)));
export const DATA = join(process.cwd(), DEFAULT_DATA_DIR);

export async function exportProject(args: string[]): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'export-'));
  await run(process.execPath, ['scripts/export.ts', ...args, '--out', out], { env: ENV });
  return out;
}

/** A Python run in `dir`; one that outlives `timeoutMs` is killed and fails with the end of what it printed. */
export async function python(dir: string, args: string[], extraEnv: Record<string, string> = {}, timeoutMs = 300_000): Promise<string> {
  try {
    const { stdout } = await run(PYTHON, args, { cwd: dir, env: { ...ENV, ...extraEnv }, maxBuffer: 64 << 20, timeout: timeoutMs, killSignal: 'SIGTERM' });
    return stdout;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string; killed?: boolean };
    const tail = (t = '') => t.split('\n').slice(-25).join('\n');
    const why = err.killed ? `was stopped after ${timeoutMs / 1000} s` : 'failed';
    throw new Error(`python ${args.slice(0, 6).join(' ')} ${why}.\n--- stdout (end) ---\n${tail(err.stdout)}\n--- stderr (end) ---\n${tail(err.stderr)}`);
  }
}

/** A TCP port nobody listens on now (for torchrun's rendezvous, so parallel runs cannot meet each other's store). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function tensorsOf(bytes: Uint8Array): Map<string, Float32Array> {
  return new Map([...parseSafetensors(bytes).tensors].map(([k, e]) => [k, entryToFloat32(k, e)]));
}
