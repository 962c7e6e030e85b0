/**
 * `npm run bench [-- --only node-wasm,chromium-wasm-st] [--steps N] [--warmup N] [--no-record]`
 * ResNet-20 training (forward + backward + SGD momentum) and inference images/s on every backend in Node and
 * Chromium, and PyTorch on the same CPU; prints a table with each ratio to PyTorch and, last, one JSON summary line.
 * Appends to bench/results.jsonl and rewrites the latest-run section of BENCHMARKS.md. Not a test: numbers vary.
 */
import { parseArgs } from 'node:util';
import type { KernelTime, Measurement } from '../src/lib/backend/measure.ts';
import { runBrowser, type BrowserRun } from './bench/browser.ts';
import { runNode, type NodeTarget } from './bench/node.ts';
import { runTorch } from './bench/torch.ts';
import { record, table, type Row, type Summary } from './bench/record.ts';

interface Plan {
  readonly batch: number;
  readonly warmup: number;
  readonly steps: number;
}

/** Each in its own Node process (scripts/bench/node.ts), set up as `npm run train` does. */
const NODE_TARGETS: Record<string, NodeTarget> = {
  'node-wasm': { backend: 'wasm', threads: 1, batch: 128, warmup: 2, steps: 5, inferBatch: 128 },
  // Every core (os.availableParallelism()): tfjs-wasm's threaded build and the project's pool on worker_threads.
  'node-wasm-mt': { backend: 'wasm', batch: 128, warmup: 2, steps: 5, inferBatch: 128 },
  // The CPU backend is pure JS: a small batch keeps the run short; img/s barely depends on batch there.
  'node-cpu': { backend: 'cpu', batch: 16, warmup: 1, steps: 2, inferBatch: 16 },
};

const BROWSER_TARGETS: Record<string, BrowserRun['target']> = {
  'chromium-wasm-mt': { backend: 'wasm', wasmThreads: true, batch: 128, warmup: 2, steps: 5, inferBatch: 128 },
  'chromium-wasm-st': { backend: 'wasm', wasmThreads: false, batch: 128, warmup: 2, steps: 5, inferBatch: 128 },
  // Software GL (SwiftShader) and pure JS are far slower (BENCHMARKS.md, "Software rendering"): small batches keep the run bounded.
  'chromium-webgl': { backend: 'webgl', batch: 32, warmup: 1, steps: 2, inferBatch: 32 },
  'chromium-cpu': { backend: 'cpu', batch: 16, warmup: 1, steps: 2, inferBatch: 16 },
  // Headless Chromium here exposes WebGPU on SwiftShader's software Vulkan: as slow as software GL, so a small batch too.
  'chromium-webgpu': { backend: 'webgpu', batch: 16, warmup: 1, steps: 2, inferBatch: 16 },
};

const ALL = [...Object.keys(NODE_TARGETS), ...Object.keys(BROWSER_TARGETS), 'pytorch'];

function options() {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, steps: { type: 'string' }, warmup: { type: 'string' }, 'no-record': { type: 'boolean' } },
  });
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : ALL;
  const unknown = only.filter((t) => !ALL.includes(t));
  if (unknown.length) throw new Error(`Unknown bench target(s) ${unknown.join(', ')}; choose from ${ALL.join(', ')}.`);
  const num = (v: string | undefined, what: string) => {
    if (v == null) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${what} needs an integer >= 0, got '${v}'.`);
    return n;
  };
  return { only, steps: num(values.steps, 'steps'), warmup: num(values.warmup, 'warmup'), record: !values['no-record'] };
}

const log = (s: string) => process.stderr.write(`${s}\n`);

function rowOf(target: string, m: Measurement | Error, note = ''): Row {
  if (m instanceof Error) return { target, batch: null, trainImgS: null, inferImgS: null, peakMB: null, note: `unavailable: ${m.message.split('\n')[0]}` };
  return { target, batch: m.batch, trainImgS: m.trainImgPerSec, inferImgS: m.inferImgPerSec, peakMB: m.peakBytes / 2 ** 20, note };
}

function profileText(name: string, kernels: readonly KernelTime[]): string {
  const total = kernels.reduce((a, k) => a + k.ms, 0);
  const lines = kernels.slice(0, 15).map((k) => `| ${k.name} | ${k.calls} | ${k.ms.toFixed(0)} | ${((100 * k.ms) / total).toFixed(1)} |`);
  return [
    `Per-kernel profile of one training step on ${name} (tf.profile; composed kernels include their inner ops, which are also listed under their own names):`,
    '', '| kernel | calls | ms | % of listed |', '|---|---|---|---|', ...lines,
  ].join('\n');
}

async function main(): Promise<void> {
  const o = options();
  const plan = (p: Plan): Plan => ({ batch: p.batch, warmup: o.warmup ?? p.warmup, steps: o.steps ?? p.steps });
  const rows: Row[] = [];
  const kernelsOf = new Map<string, readonly KernelTime[]>();
  const nodeRuns = Object.entries(NODE_TARGETS).filter(([n]) => o.only.includes(n)).map(([name, t]) => ({ name, target: { ...t, ...plan(t) } }));
  for (const [name, r] of await runNode(nodeRuns, log)) {
    const note = r instanceof Error ? '' : [r.threadsInUse ? `threads ${r.threadsInUse}` : '', r.native ? `own kernels ${r.native}` : ''].filter(Boolean).join(', ');
    rows.push(rowOf(name, r, note));
    if (!(r instanceof Error)) kernelsOf.set(name, r.kernels);
  }
  const browserRuns = Object.entries(BROWSER_TARGETS).filter(([n]) => o.only.includes(n)).map(([name, t]) => ({ name, target: { ...t, ...plan(t) } }));
  let best: { name: string; img: number } | null = null;
  if (browserRuns.length) {
    const results = await runBrowser(browserRuns, log);
    for (const [name, r] of results) {
      const note = r instanceof Error ? '' : `threads ${r.threadsInUse}${r.crossOriginIsolated ? ', isolated' : ''}${r.native ? `, own kernels ${r.native}` : ''}`;
      rows.push(rowOf(name, r, note));
      if (!(r instanceof Error)) {
        kernelsOf.set(name, r.kernels);
        if (best == null || r.trainImgPerSec > best.img) best = { name, img: r.trainImgPerSec };
      }
    }
  }
  let pytorch: number | null = null;
  let torchVersion: Record<string, string> = {};
  if (o.only.includes('pytorch')) {
    log('pytorch ...');
    const t = runTorch(128, o.warmup ?? 2, o.steps ?? 5);
    if (t instanceof Error) rows.push(rowOf('pytorch', t));
    else {
      pytorch = Math.max(t.nchw.train_img_s, t.channels_last.train_img_s);
      torchVersion = { pytorch: t.torch };
      for (const [fmt, v] of [['nchw', t.nchw], ['channels-last', t.channels_last]] as const) {
        rows.push({ target: `pytorch-${fmt}`, batch: 128, trainImgS: v.train_img_s, inferImgS: v.infer_img_s, peakMB: null, note: `torch ${t.torch}, ${t.threads} threads` });
      }
    }
  }
  const summary: Summary = {
    best_browser_backend: best?.name ?? null,
    best_browser_img_s: best ? Number(best.img.toFixed(2)) : null,
    pytorch_img_s: pytorch == null ? null : Number(pytorch.toFixed(2)),
    ratio: best && pytorch ? Number((best.img / pytorch).toFixed(4)) : null,
  };
  const profiled = best?.name ?? (kernelsOf.has('node-wasm') ? 'node-wasm' : [...kernelsOf.keys()][0]);
  const profile = profiled ? profileText(profiled, kernelsOf.get(profiled)!) : '';
  console.log(table(rows, pytorch));
  console.log(`\n${profile}\n`);
  if (o.record) await record(rows, summary, profile, torchVersion);
  console.log(JSON.stringify(summary));
}

await main();
