/**
 * The benchmark record: one JSON line per run in bench/results.jsonl and the latest report in BENCHMARKS.md.
 * Record version 2 (`"version": 2`; lines without a version are version 1, one measurement per target): `rows` keep
 * version 1's fields, now medians over the rounds, plus their spread; `rounds` holds every measurement with the load
 * average before it; `summary` is the JSON line printed last (report.ts).
 */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isFlagged, roundRatio, type BenchSummary, type Round, type Sides } from './stats.ts';
import type { Summary } from './report.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BEGIN = '<!-- bench:latest:begin -->';
const END = '<!-- bench:latest:end -->';
export const RECORD_VERSION = 2;

export function machine() {
  const c = cpus();
  return { cpu: c[0]?.model ?? 'unknown', cores: c.length, memGB: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()}` };
}

async function versions(extra: Record<string, string>): Promise<Record<string, string>> {
  const pkg = async (name: string) => (JSON.parse(await readFile(`${ROOT}node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
  return { node: process.version, tfjs: await pkg('@tensorflow/tfjs-core'), 'tfjs-backend-wasm': await pkg('@tensorflow/tfjs-backend-wasm'), ...extra };
}

export interface RunRecord {
  readonly summary: BenchSummary;
  readonly json: Summary;
  readonly rounds: readonly Round[];
  readonly sides: Sides;
  readonly batchOf: (target: string) => number | null;
  /** The options the run was started with (targets, rounds, warm-up and step overrides). */
  readonly plan: Record<string, unknown>;
  readonly seconds: number;
  /** The printed report (reportText) and the per-kernel profile. */
  readonly report: string;
  readonly profile: string;
  readonly extraVersions: Record<string, string>;
}

/** Version 2 rows: version 1's fields (medians) and the spread over the rounds. */
function rows(r: RunRecord) {
  return r.summary.targets.map((t) => ({
    target: t.target, batch: r.batchOf(t.target), trainImgS: t.train?.median ?? null, inferImgS: t.infer?.median ?? null,
    peakMB: t.peakMB?.median ?? null, note: t.note,
    trainMin: t.train?.min ?? null, trainMax: t.train?.max ?? null, measured: t.train?.n ?? 0, attempted: t.attempted,
    ratio: t.ratio?.median ?? null, ratioMin: t.ratio?.min ?? null, ratioMax: t.ratio?.max ?? null, failures: t.failures,
  }));
}

/** Appends the run to bench/results.jsonl and replaces the "latest run" section of BENCHMARKS.md. */
export async function record(r: RunRecord): Promise<void> {
  const date = new Date().toISOString();
  const entry = {
    version: RECORD_VERSION, date, seconds: Math.round(r.seconds), machine: machine(), versions: await versions(r.extraVersions),
    plan: r.plan, summary: r.json, rows: rows(r),
    rounds: r.rounds.map((samples, i) => ({ round: i + 1, flagged: isFlagged(samples, r.summary.threshold), ratio: roundRatio(samples, r.sides), samples })),
  };
  await mkdir(`${ROOT}bench`, { recursive: true });
  await appendFile(`${ROOT}bench/results.jsonl`, `${JSON.stringify(entry)}\n`);
  const m = entry.machine;
  const section = [
    BEGIN,
    `Latest run: ${date}, ${m.cpu} (${m.cores} cores, ${m.memGB} GB), ${m.os}; ${Object.entries(entry.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    `${r.summary.rounds} interleaved rounds in ${Math.round(r.seconds)} s. Other processes may have been running on this shared machine: read the load column and the flags.`,
    '',
    r.report,
    '',
    `Summary: \`${JSON.stringify(r.json)}\``,
    '',
    r.profile,
    END,
  ].join('\n');
  const path = `${ROOT}BENCHMARKS.md`;
  let md = '';
  try {
    md = await readFile(path, 'utf8');
  } catch {
    md = '# Benchmarks\n\n';
  }
  const i = md.indexOf(BEGIN);
  const j = md.indexOf(END);
  md = i >= 0 && j > i ? md.slice(0, i) + section + md.slice(j + END.length) : `${md.trimEnd()}\n\n## Latest run (written by npm run bench)\n\n${section}\n`;
  await writeFile(path, md);
}
