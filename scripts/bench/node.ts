/**
 * Node targets of `npm run bench`: each runs in a fresh Node process (tfjs-wasm reads its thread settings once per
 * process, so one thread and all cores cannot share one), which sets the backend up as `npm run train` does
 * (scripts/lib/node-wasm-threads.ts), measures, and prints its result as the last line of JSON.
 *
 *   node scripts/bench/node.ts '{"backend":"wasm","threads":2,"batch":128,"warmup":2,"steps":5,"inferBatch":128}'
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { nativeKernelsInUse, wasmThreadsInUse, type BackendName } from '../../src/lib/backend/index.ts';
import { measure, type Measurement } from '../../src/lib/backend/measure.ts';
import { setupNodeBackend } from '../lib/node-wasm-threads.ts';

export interface NodeTarget {
  readonly backend: BackendName;
  /** wasm: threads (1 = the single-threaded binary); omitted = every core (os.availableParallelism()). */
  readonly threads?: number;
  readonly batch: number;
  readonly warmup: number;
  readonly steps: number;
  readonly inferBatch: number;
}

export interface NodeResult extends Measurement {
  /** Threads of the wasm backend (0 on other backends). */
  readonly threadsInUse: number;
  /** The project's WASM module in use (variant, pool threads), or null. */
  readonly native: string | null;
}

export interface NodeRun {
  readonly name: string;
  readonly target: NodeTarget;
}

const SELF = fileURLToPath(import.meta.url);
const run = promisify(execFile);

/** Runs one target in its own Node process; a failing target yields its error message instead of a result. */
export async function runNode(r: NodeRun): Promise<NodeResult | Error> {
  try {
    const { stdout } = await run(process.execPath, [SELF, JSON.stringify(r.target)], { maxBuffer: 16 << 20 });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as NodeResult;
  } catch (e) {
    const err = e as { stderr?: string; message?: string };
    return new Error((err.stderr?.trim() || err.message || String(e)).split('\n').at(-1));
  }
}

async function child(t: NodeTarget): Promise<void> {
  await setupNodeBackend(t.backend, { threads: t.threads });
  const m = await measure({ model: 'resnet20', batch: t.batch, warmup: t.warmup, steps: t.steps, inferBatch: t.inferBatch });
  const result: NodeResult = { ...m, threadsInUse: wasmThreadsInUse(), native: nativeKernelsInUse() };
  console.log(JSON.stringify(result));
}

if (process.argv[1] === SELF) {
  try {
    await child(JSON.parse(process.argv[2] ?? '') as NodeTarget);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
