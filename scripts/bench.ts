/**
 * `npm run bench [-- --targets chromium-wasm-mt,pytorch] [--rounds N] [--steps N] [--warmup N] [--max-load X] [--no-record]`
 * ResNet-20 training (forward + backward + SGD momentum) and inference images/s on every backend in Node and
 * Chromium, and PyTorch on the same CPU, in interleaved rounds (every target once per round, then the next round),
 * with the load average before each measurement. Prints per target the median and spread over the rounds, per round
 * the best browser path / PyTorch ratio and whether it was taken under load, and, last, one JSON summary line.
 * Appends to bench/results.jsonl and rewrites the latest-run section of BENCHMARKS.md. Not a test: numbers vary.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { KernelTime, Measurement } from '../src/lib/backend/measure.ts';
import { openBrowser, type BrowserRun, type BrowserSession } from './bench/browser.ts';
import { runNode, type NodeTarget } from './bench/node.ts';
import { runTorch } from './bench/torch.ts';
import { parseOptions, usage } from './bench/options.ts';
import { record } from './bench/record.ts';
import { reportText, summaryJson } from './bench/report.ts';
import { roundRatio, summarize, type Round, type Sample, type Sides } from './bench/stats.ts';

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

const TORCH = { batch: 128, warmup: 2, steps: 5 };
/** The `pytorch` target measures both memory layouts in one process; the faster one is the reference of its round. */
const TORCH_ROWS = ['pytorch-nchw', 'pytorch-channels-last'];
const ALL = [...Object.keys(NODE_TARGETS), ...Object.keys(BROWSER_TARGETS), 'pytorch'];
/**
 * The order inside a round: the fast browser paths right before PyTorch, so that the two sides of a round's ratio are
 * measured within a minute of each other; then the rest, the software-GL and pure-JS targets last.
 */
const RUN_ORDER = ['chromium-wasm-mt', 'chromium-wasm-st', 'pytorch', 'node-wasm', 'node-wasm-mt', 'node-cpu', 'chromium-webgl', 'chromium-cpu', 'chromium-webgpu'];
if (RUN_ORDER.length !== ALL.length || ALL.some((t) => !RUN_ORDER.includes(t))) throw new Error('RUN_ORDER must list every bench target once.');
const SIDES: Sides = { browser: Object.keys(BROWSER_TARGETS), reference: TORCH_ROWS };

const log = (s: string) => process.stderr.write(`${s}\n`);

function sampleOf(target: string, load: readonly number[], m: Measurement | Error, note = ''): Sample {
  if (m instanceof Error) return { target, load, trainImgS: null, inferImgS: null, peakMB: null, error: m.message.split('\n')[0] ?? '' };
  return { target, load, trainImgS: m.trainImgPerSec, inferImgS: m.inferImgPerSec, peakMB: m.peakBytes / 2 ** 20, note };
}

function profileText(name: string, kernels: readonly KernelTime[]): string {
  const total = kernels.reduce((a, k) => a + k.ms, 0);
  const lines = kernels.slice(0, 15).map((k) => `| ${k.name} | ${k.calls} | ${k.ms.toFixed(0)} | ${((100 * k.ms) / total).toFixed(1)} |`);
  return [
    `Per-kernel profile of one training step on ${name} (tf.profile; composed kernels include their inner ops, which are also listed under their own names):`,
    '', '| kernel | calls | ms | % of listed |', '|---|---|---|---|', ...lines,
  ].join('\n');
}

const loadText = (load: readonly number[]) => load.map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const cores = availableParallelism();
  let o;
  try {
    o = parseOptions(process.argv.slice(2), ALL, cores);
  } catch (e) {
    log(e instanceof Error ? e.message : String(e));
    process.exitCode = 2;
    return;
  }
  if (o.help) {
    console.log(usage(ALL, cores));
    return;
  }
  const t0 = performance.now();
  const plan = (p: Plan): Plan => ({ batch: p.batch, warmup: o.warmup ?? p.warmup, steps: o.steps ?? p.steps });
  const order = RUN_ORDER.filter((t) => o.targets.includes(t));
  const kernelsOf = new Map<string, readonly KernelTime[]>();
  const versions: Record<string, string> = {};
  const rounds: Round[] = [];
  const browser: BrowserSession | null = order.some((t) => t in BROWSER_TARGETS) ? await openBrowser(log) : null;
  try {
    for (let r = 1; r <= o.rounds; r++) {
      const samples: Sample[] = [];
      for (const name of order) {
        const load = loadavg();
        const before = samples.length;
        log(`round ${r}/${o.rounds}: ${name} (load average ${loadText(load)}) ...`);
        const node = NODE_TARGETS[name];
        const web = BROWSER_TARGETS[name];
        if (node) {
          const res = await runNode({ name, target: { ...node, ...plan(node) } });
          const note = res instanceof Error ? '' : [res.threadsInUse ? `threads ${res.threadsInUse}` : '', res.native ? `own kernels ${res.native}` : ''].filter(Boolean).join(', ');
          samples.push(sampleOf(name, load, res, note));
          if (!(res instanceof Error)) kernelsOf.set(name, res.kernels);
        } else if (web && browser) {
          const res = await browser.run({ name, target: { ...web, ...plan(web) } });
          const note = res instanceof Error ? '' : `threads ${res.threadsInUse}${res.crossOriginIsolated ? ', isolated' : ''}${res.native ? `, own kernels ${res.native}` : ''}`;
          samples.push(sampleOf(name, load, res, note));
          if (!(res instanceof Error)) kernelsOf.set(name, res.kernels);
        } else {
          const p = plan(TORCH);
          const t = await runTorch(p.batch, p.warmup, p.steps);
          if (t instanceof Error) {
            for (const row of TORCH_ROWS) samples.push(sampleOf(row, load, t));
          } else {
            versions['pytorch'] = t.torch;
            const note = `torch ${t.torch}, ${t.threads} threads`;
            for (const [row, v] of [[TORCH_ROWS[0]!, t.nchw], [TORCH_ROWS[1]!, t.channels_last]] as const) {
              samples.push({ target: row, load, trainImgS: v.train_img_s, inferImgS: v.infer_img_s, peakMB: null, note });
            }
          }
        }
        for (const s of samples.slice(before)) log(s.trainImgS == null ? `  ${s.target} failed: ${s.error}` : `  ${s.target}: ${s.trainImgS.toFixed(1)} img/s training`);
      }
      rounds.push(samples);
      const ratio = roundRatio(samples, SIDES);
      if (ratio != null) log(`round ${r}: best browser path / PyTorch ${ratio.toFixed(3)}`);
    }
  } finally {
    await browser?.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const summary = summarize(rounds, SIDES, o.maxLoad);
  const json = summaryJson(summary);
  const batchOf = (t: string) => NODE_TARGETS[t]?.batch ?? BROWSER_TARGETS[t]?.batch ?? (TORCH_ROWS.includes(t) ? TORCH.batch : null);
  const report = reportText(summary, rounds, SIDES, batchOf);
  const profiled = summary.bestBrowser?.target ?? (kernelsOf.has('node-wasm') ? 'node-wasm' : [...kernelsOf.keys()][0]);
  const profile = profiled ? profileText(profiled, kernelsOf.get(profiled)!) : '';
  console.log(report);
  console.log(`\n${profile}\n`);
  const whole = Math.round(seconds);
  console.log(`${o.rounds} rounds of ${order.length} target(s) in ${Math.floor(whole / 60)} min ${whole % 60} s.`);
  if (o.record) {
    const planned = { targets: o.targets, rounds: o.rounds, steps: o.steps ?? null, warmup: o.warmup ?? null, max_load: o.maxLoad, order };
    await record({ summary, json, rounds, sides: SIDES, batchOf, plan: planned, seconds, report, profile, extraVersions: versions });
  }
  console.log(JSON.stringify(json));
}

await main();
