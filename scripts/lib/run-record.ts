/**
 * DIR/run.json beside a training run's curves and weights: what curves.json leaves out on purpose because it differs
 * between machines (curves.json holds only what the run computed). Every invocation of `npm run train` on the run,
 * the first and each `--resume`, appends its command line, the commit, the machine and the thread count; the training
 * time so far is updated at every checkpoint. `scripts/publish-model.ts` turns it into the models manifest.
 */
import { execFileSync } from 'node:child_process';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Invocation {
  readonly command: string;
  readonly startedAt: string;
  readonly commit: string | null;
  readonly machine: string;
  readonly runsOn: string;
  /** Training step the invocation started from (0 for a new run). */
  readonly fromStep: number;
}

export interface RunRecord {
  readonly format: 'resnet-lab-run';
  invocations: Invocation[];
  /** Seconds of training (validation included, loading excluded) summed over all invocations, as of `step`. */
  trainingSeconds: number;
  step: number;
}

/** The current commit (short hash, "+dirty" when the work tree has changes), or null outside a git checkout. */
export function currentCommit(): string | null {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return dirty ? `${hash}+dirty` : hash;
  } catch {
    return null;
  }
}

/** "AMD EPYC, 2 cores, 24 GiB" */
export function machineDescription(): string {
  const c = cpus();
  return `${c[0]?.model.trim() ?? 'unknown CPU'}, ${c.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`;
}

/** The record in `dir`, or null when the run has none yet (or an unreadable one: a message says so). */
export async function readRunRecord(dir: string): Promise<RunRecord | null> {
  let text: string;
  try {
    text = await readFile(join(dir, 'run.json'), 'utf8');
  } catch {
    return null;
  }
  const r = JSON.parse(text) as RunRecord;
  if (r.format !== 'resnet-lab-run' || !Array.isArray(r.invocations)) throw new Error(`${join(dir, 'run.json')} is not a resnet-lab run record.`);
  return r;
}

export async function writeRunRecord(dir: string, r: RunRecord): Promise<void> {
  const path = join(dir, 'run.json');
  await writeFile(`${path}.partial`, JSON.stringify(r, null, 1));
  await rename(`${path}.partial`, path);
}

/** The record with this invocation appended (a new one when `prev` is null). */
export function withInvocation(prev: RunRecord | null, inv: Invocation): RunRecord {
  return prev === null
    ? { format: 'resnet-lab-run', invocations: [inv], trainingSeconds: 0, step: inv.fromStep }
    : { ...prev, invocations: [...prev.invocations, inv] };
}
