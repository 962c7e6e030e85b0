/** The benchmark record: one JSON line per run in bench/results.jsonl and the latest table in BENCHMARKS.md. */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BEGIN = '<!-- bench:latest:begin -->';
const END = '<!-- bench:latest:end -->';

export interface Row {
  readonly target: string;
  readonly batch: number | null;
  readonly trainImgS: number | null;
  readonly inferImgS: number | null;
  readonly peakMB: number | null;
  readonly note: string;
}

export interface Summary {
  readonly best_browser_backend: string | null;
  readonly best_browser_img_s: number | null;
  readonly pytorch_img_s: number | null;
  readonly ratio: number | null;
}

export function machine() {
  const c = cpus();
  return { cpu: c[0]?.model ?? 'unknown', cores: c.length, memGB: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()}` };
}

async function versions(extra: Record<string, string>): Promise<Record<string, string>> {
  const pkg = async (name: string) => (JSON.parse(await readFile(`${ROOT}node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
  return { node: process.version, tfjs: await pkg('@tensorflow/tfjs-core'), 'tfjs-backend-wasm': await pkg('@tensorflow/tfjs-backend-wasm'), ...extra };
}

const fmt = (v: number | null, digits = 1) => (v == null ? '—' : v.toFixed(digits));

/** The printed and recorded table: one row per target with its ratio to PyTorch. */
export function table(rows: readonly Row[], pytorch: number | null): string {
  const head = '| target | batch | train img/s | ratio to PyTorch | inference img/s | peak MB | note |\n|---|---|---|---|---|---|---|';
  const body = rows.map((r) => {
    const ratio = r.trainImgS != null && pytorch ? (r.trainImgS / pytorch).toFixed(3) : '—';
    return `| ${r.target} | ${r.batch ?? '—'} | ${fmt(r.trainImgS)} | ${ratio} | ${fmt(r.inferImgS)} | ${fmt(r.peakMB, 0)} | ${r.note} |`;
  });
  return [head, ...body].join('\n');
}

/** Appends the run to bench/results.jsonl and replaces the "latest run" section of BENCHMARKS.md. */
export async function record(rows: readonly Row[], summary: Summary, profile: string, extraVersions: Record<string, string>): Promise<void> {
  const date = new Date().toISOString();
  const entry = { date, machine: machine(), versions: await versions(extraVersions), summary, rows };
  await mkdir(`${ROOT}bench`, { recursive: true });
  await appendFile(`${ROOT}bench/results.jsonl`, `${JSON.stringify(entry)}\n`);
  const m = entry.machine;
  const section = [
    BEGIN,
    `Latest run: ${date}, ${m.cpu} (${m.cores} cores, ${m.memGB} GB), ${m.os}; ${Object.entries(entry.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    'Other processes may have been running on this shared machine; compare ratios within one run, not across runs.',
    '',
    table(rows, summary.pytorch_img_s),
    '',
    `Summary: \`${JSON.stringify(summary)}\``,
    '',
    profile,
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
