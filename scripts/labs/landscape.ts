/**
 * The landscape lab's precomputed slice: the training loss around the trained reference nets (plain and ResNet at
 * each depth both exist for) along two seeded, filter-normalised random directions (Li et al. 2018), on the first
 * `images` training images without augmentation, BN with running statistics. Writes the JSON the lab ships and loads,
 * and prints the centre and corner losses the page quotes (src/core/labs/landscape-record.ts).
 *   npx node scripts/labs/landscape.ts [--size 25] [--span 1] [--images 128] [--seed 1] [--depth 20] [--out <file>]
 *   npx node scripts/labs/landscape.ts --summarise public/data/landscape/<file>.json   # the numbers again, from a written file
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { setupBackend } from '../../src/lib/backend/index.ts';
import { loadCifar10Node } from '../lib/load-node.ts';
import { normalizeBatch } from '../../src/lib/data/normalize.ts';
import { computeLandscapes, lossBatches } from '../../src/lib/inspect/landscape.ts';
import { presetConfig } from '../../src/core/model/config.ts';
import { modelFromTorchSafetensors } from '../../src/lib/weights/torch.ts';
import { referenceModel } from '../../src/core/labs/reference-models.ts';
import { landscapeFileName, parseLandscapeFile, type LandscapeFile } from '../../src/core/labs/landscape-file.ts';
import { localMinima } from '../../src/core/labs/landscape-grid.ts';

const { values: a } = parseArgs({
  options: {
    size: { type: 'string', default: '25' }, span: { type: 'string', default: '1' }, images: { type: 'string', default: '128' },
    seed: { type: 'string', default: '1' }, depth: { type: 'string', default: '20' }, out: { type: 'string' }, summarise: { type: 'string' },
  },
});

/** Centre, edge-midpoint and corner losses and the number of grid-local minima of each slice of a file. */
function summarise(f: LandscapeFile): void {
  const { size } = f;
  const c = (size - 1) / 2;
  for (const net of f.nets) {
    const l = net.losses;
    const mean = (idx: number[]) => idx.reduce((s, i) => s + l[i]!, 0) / idx.length;
    console.log(JSON.stringify({
      net: net.id, centre: l[c * size + c], edgeMean: mean([c * size, c * size + size - 1, c, size * (size - 1) + c]),
      cornerMean: mean([0, size - 1, size * (size - 1), size * size - 1]), localMinima: localMinima(l, size),
    }));
  }
}

if (a.summarise) {
  summarise(parseLandscapeFile(JSON.parse(await readFile(a.summarise, 'utf8'))));
  process.exit(0);
}
const [size, span, images, seed, depth] = [a.size, a.span, a.images, a.seed, a.depth].map(Number) as [number, number, number, number, number];
const nets = (['plain', 'resnet'] as const).map((f) => {
  const m = referenceModel(f, depth);
  if (!m) throw new Error(`No trained ${f} net of depth ${depth} in src/core/labs/reference-models.ts.`);
  return m;
});
await setupBackend('wasm');
const { train } = await loadCifar10Node(undefined, { parts: ['train'] });
if (!train) throw new Error('No training images; run `npm run data`.');
const x = normalizeBatch(train.images, Array.from({ length: images }, (_, i) => i));
const batches = lossBatches(x, train.labels.subarray(0, images));
x.dispose();
const models = await Promise.all(nets.map(async (m) => modelFromTorchSafetensors(presetConfig(m.preset), await readFile(`public/models/${m.id}.safetensors`))));
const t0 = performance.now();
const result = await computeLandscapes(models, batches, {
  seed, size, span,
  onPoint: (p) => {
    if (p.done % 50 === 0 || p.done === p.total) console.error(`${p.done}/${p.total} points, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  },
});
const seconds = (performance.now() - t0) / 1000;
const file: LandscapeFile = {
  seed, size, span, images, depth, bn: 'running',
  command: `npx node scripts/labs/landscape.ts --size ${size} --span ${span} --images ${images} --seed ${seed} --depth ${depth}`,
  nets: nets.map((m, k) => ({ id: m.id, losses: Array.from(result.losses[k]!, (v) => Number(v.toPrecision(5))) })),
};
const out = a.out ?? `public/data/landscape/${landscapeFileName({ depth, seed, size, span, images })}`;
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(file)}\n`);
summarise(file);
console.log(`wrote ${out}: ${size}x${size} points x ${nets.length} nets x ${images} images in ${seconds.toFixed(0)} s`);
for (const m of models) m.dispose();
for (const b of batches) {
  b.x.dispose();
  b.labels.dispose();
}
