/**
 * The numbers the "why it works" labs quote: Figure 7's response stds and Veit et al.'s lesion study on the reference
 * nets (src/core/labs/lab-nets.ts), over the first N test images, with the site's own library (WASM backend).
 * Prints each measurement and, last, the record module src/core/labs/why-record.ts holds.
 *   npx node scripts/labs/why-labs.ts [images=2000] [draws=4] [seed=0]
 */
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { setupBackend } from '../../src/lib/backend/index.ts';
import { loadCifar10Node } from '../lib/load-node.ts';
import { lesionStudy } from '../../src/lib/inspect/lesion.ts';
import { responseStds } from '../../src/lib/inspect/responses.ts';
import { LAB_NETS, labNetConfig } from '../../src/core/labs/lab-nets.ts';
import { randomCurve, singleDeletionSummary } from '../../src/core/labs/lesion-plan.ts';
import { modelFromTorchSafetensors } from '../../src/lib/weights/torch.ts';

const [images, draws, seed] = [Number(process.argv[2] ?? 2000), Number(process.argv[3] ?? 4), Number(process.argv[4] ?? 0)];
await setupBackend('wasm');
const { test } = await loadCifar10Node(undefined, { parts: ['test'] });
if (!test) throw new Error('No test images; run `npm run data`.');
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
const record: Record<string, unknown> = {};
console.log(`${images} test images, ${draws} draws, seed ${seed}; ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const net of LAB_NETS) {
  const model = modelFromTorchSafetensors(labNetConfig(net), await readFile(`public${net.weightsUrl}`));
  let t = performance.now();
  const stds = await responseStds(model, test, { limit: images });
  const responseSeconds = (performance.now() - t) / 1000;
  console.log(`${net.label} response stds (${responseSeconds.toFixed(1)} s): ${stds.map((s) => s.std.toFixed(3)).join(' ')}`);
  t = performance.now();
  const lesion = await lesionStudy(model, test, { limit: images, draws, seed });
  const lesionSeconds = (performance.now() - t) / 1000;
  const summary = singleDeletionSummary(lesion)!;
  const singles = lesion.filter((m) => m.case.kind === 'single').map((m) => ({ block: m.case.blocks[0]!, accuracy: r4(m.accuracy) }));
  const curve = randomCurve(lesion).map(({ k, spread }) => ({ k, mean: r4(spread.mean), min: r4(spread.min), max: r4(spread.max) }));
  console.log(`${net.label} lesion (${lesion.length} evaluations, ${lesionSeconds.toFixed(1)} s, load ${loadavg()[0]!.toFixed(2)}): intact ${summary.intact}, singles ${singles.map((s) => `${s.block}:${s.accuracy}`).join(' ')}`);
  console.log(`${net.label} random deletions: ${curve.map((c) => `k=${c.k} ${c.mean} [${c.min}, ${c.max}]`).join('; ')}`);
  record[net.key] = { stds: stds.map((s) => r4(s.std)), intact: r4(summary.intact), singles, curve };
  model.dispose();
}
console.log(`\nexport const WHY_RECORD = ${JSON.stringify({ images, draws, seed, nets: record })} as const;`);
