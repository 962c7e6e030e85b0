/**
 * A degradation race exported to PyTorch, end to end on the real CIFAR-10: the Python side draws the race's images
 * (subset, order, 2x2 downsampling) and batches as the site does, initialises every net like the site, and its
 * first update's loss on the first batch is the site's (the library's Race, in Node) within 1e-5; a short race
 * (3 tiny nets, 10 steps of 32 images on 256) trains every net in turn and writes curves the race page overlays.
 * Needs PyTorch for /usr/bin/python3 (or $PYTHON), as test/scripts/export.test.ts, which fails CI without it.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitTrainValidation } from '../../src/core/data/split.ts';
import { CIFAR10_NORMALISATION } from '../../src/core/data/cifar10.ts';
import { raceSettingsFromQuery, type RaceExport } from '../../src/core/export/from-race.ts';
import { Rng } from '../../src/core/random.ts';
import { FORKS } from '../../src/core/train/forks.ts';
import { parseRunCurves } from '../../src/core/train/run-curves.ts';
import { setupBackend } from '../../src/lib/backend/index.ts';
import { createModel } from '../../src/lib/model/index.ts';
import { raceData, type RaceData } from '../../src/lib/race/data.ts';
import { endTrainingError } from '../../src/lib/race/end-error.ts';
import { Race, type RaceEvent } from '../../src/lib/race/race.ts';
import { BatchStream } from '../../src/lib/train/batch-stream.ts';
import { exportTorchSafetensors, modelFromTorchSafetensors } from '../../src/lib/weights/torch.ts';
import { loadRaceTrainNode } from '../../scripts/lib/load-node.ts';
import { DATA, HEAVY, dataPresent, exportProject, problem, python, tensorsOf } from './python-export.ts';

/** Three tiny nets (plain-8, ResNet-8, ResNet-8 without its middle skip) at 16x16; 256 images make 8 batches an epoch. */
const QUERY = 'nets=1p,1r,1m101&width=4&size=16&train=256&val=100&batch=32&opt=adam&lr=0.003&steps=10&every=4&seed=2';
/** Float32 kernels of TensorFlow.js and PyTorch sum in different orders: measured 0 to 2.4e-7 apart on losses of about 2.3. */
const FIRST_LOSS_TOLERANCE = 1e-5;

interface Curves {
  reason: string;
  steps: number;
  net: { index: number; label: string; slug: string };
  end_error: { step: number; images: number; error: number };
  test_acc: number;
  curves: { train: { step: number; loss: number; error: number }[]; val: { step: number; accuracy: number }[] };
}

const skip = problem !== null || !dataPresent;
const title = problem !== null ? `a race exported to PyTorch (SKIPPED: ${problem})` : !dataPresent ? 'a race exported to PyTorch (SKIPPED: no CIFAR-10; npm run data)' : 'a race exported to PyTorch';
describe.skipIf(skip)(title, () => {
  const settings = raceSettingsFromQuery(QUERY);
  let dir: string;
  let race: RaceExport;
  let data: RaceData;
  /** The site's race: every net's events, read back after every step. */
  const site: RaceEvent[] = [];
  const curvesOf = async (out: string, slug: string) => JSON.parse(await readFile(join(dir, out, slug, 'curves.json'), 'utf8')) as Curves;

  beforeAll(async () => {
    await setupBackend('wasm');
    dir = await exportProject(['--race', QUERY]);
    race = JSON.parse(await readFile(join(dir, 'experiment.json'), 'utf8')) as RaceExport;
    // As the race worker builds them (src/workers/race.worker.ts).
    const full = await loadRaceTrainNode(settings.size);
    const split = splitTrainValidation(full.count, Rng.fromSeed(settings.seed).fork(FORKS.split));
    data = raceData(full, split, { seed: settings.seed, trainCount: settings.train, valCount: settings.val, size: settings.size });
    const r = new Race(settings, data);
    try {
      await r.run((e) => site.push(e), { readEvery: 1 });
    } finally {
      r.dispose();
    }
  }, HEAVY);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("draws the race's images, downsampled bytes and batch order", async () => {
    const out = await python(dir, ['-c', `
import json
from data import Stream, load_site_files, select
exp = json.load(open('experiment.json'))['nets'][0]
tx, ty, vx, vy = select(exp, *load_site_files(exp, ${JSON.stringify(DATA)}, ('train',))['train'])
for name, a in (('tx', tx), ('ty', ty), ('vx', vx), ('vy', vy)):
    open(name + '.bin', 'wb').write(a.tobytes())
s = Stream(exp['seed'], spec=exp['stream'])
print(json.dumps({'shape': list(tx.shape), 'orders': [s.shuffle.permutation(len(ty)).tolist() for _ in range(2)]}))
`]);
    const py = JSON.parse(out) as { shape: number[]; orders: number[][] };
    expect(py.shape).toEqual([256, 16, 16, 3]);
    const bytes = async (f: string) => new Uint8Array(await readFile(join(dir, f)));
    expect(Buffer.from(await bytes('tx.bin')).equals(Buffer.from(data.train.images))).toBe(true);
    expect(Buffer.from(await bytes('ty.bin')).equals(Buffer.from(data.train.labels))).toBe(true);
    expect(Buffer.from(await bytes('vx.bin')).equals(Buffer.from(data.val.images))).toBe(true);
    expect(Buffer.from(await bytes('vy.bin')).equals(Buffer.from(data.val.labels))).toBe(true);
    // Two epochs of the race's stream (lib/race/race.ts), batch by batch.
    const stream = BatchStream.fromRng(256, 32, Rng.fromSeed(settings.seed).fork(FORKS.raceShuffle));
    const epochs = [0, 1].map(() => Array.from({ length: 8 }, () => Array.from(stream.next())).flat());
    expect(py.orders).toEqual(epochs);
  }, HEAVY);

  it('initialises every net like the site', async () => {
    await python(dir, ['-c', `
import json
from model import Net, check_layout, init_like_site, state_arrays, write_safetensors
for exp in json.load(open('experiment.json'))['nets']:
    net = Net(exp); check_layout(net, exp); init_like_site(net, exp)
    write_safetensors('init-' + exp['net']['slug'] + '.safetensors', state_arrays(net, exp))
`]);
    for (const exp of race.nets) {
      const model = createModel(exp.config);
      try {
        const mine = tensorsOf(await exportTorchSafetensors(model));
        const theirs = tensorsOf(await readFile(join(dir, `init-${exp.net!.slug}.safetensors`)));
        expect([...theirs.keys()].sort()).toEqual([...mine.keys()].sort());
        let maxDiff = 0;
        for (const [k, v] of mine) v.forEach((a, i) => (maxDiff = Math.max(maxDiff, Math.abs(a - theirs.get(k)![i]!))));
        expect(maxDiff, exp.net!.slug).toBeLessThan(1e-7);
      } finally {
        model.dispose();
      }
    }
  }, HEAVY);

  it(`gives the site's loss of the first update on the first batch, within ${FIRST_LOSS_TOLERANCE}, for every net`, async () => {
    const stdout = await python(dir, ['train.py', '--data', DATA, '--out', 'first', '--max-steps', '1', '--no-test']);
    expect(stdout).toContain('Race: plain8 stopped, resnet8 stopped, resnet8-2of3 stopped');
    for (const exp of race.nets) {
      const py = await curvesOf('first', exp.net!.slug);
      const first = site.find((e) => e.type === 'train' && e.net === exp.net!.index && e.step === 1) as Extract<RaceEvent, { type: 'train' }>;
      expect(py.curves.train[0]!.step).toBe(1);
      expect(Math.abs(py.curves.train[0]!.loss - first.loss), exp.net!.slug).toBeLessThan(FIRST_LOSS_TOLERANCE);
      expect(py.curves.train[0]!.error).toBe(first.error);
    }
  }, HEAVY);

  it("trains every net in turn on the race's cadence, with the race's verdict, in curves the race page overlays", async () => {
    const stdout = await python(dir, ['train.py', '--data', DATA, '--out', 'run']);
    expect(stdout).toContain('Race: plain8 completed, resnet8 completed, resnet8-2of3 completed');
    for (const exp of race.nets) {
      const slug = exp.net!.slug;
      const py = await curvesOf('run', slug);
      expect(py).toMatchObject({ reason: 'completed', steps: 10, net: exp.net, end_error: { step: 10, images: 256 } });
      // Points every 5 steps (the race's read-backs), validation at 0 and every 4 steps and after the last.
      expect(py.curves.train.map((p) => p.step)).toEqual([5, 10]);
      expect(py.curves.val.map((p) => p.step)).toEqual([0, 4, 8, 10]);
      const val0 = site.find((e) => e.type === 'val' && e.net === exp.net!.index && e.step === 0) as Extract<RaceEvent, { type: 'val' }>;
      expect(py.curves.val[0]!.accuracy, slug).toBe(val0.accuracy);
      expect(py.test_acc).toBeGreaterThanOrEqual(0);
      const overlay = parseRunCurves(JSON.stringify(py));
      expect([overlay.net, overlay.label]).toEqual([exp.net!.label, `${exp.net!.label}, run in PyTorch`]);
      // The verdict as the site measures it on the same weights.
      const model = modelFromTorchSafetensors(exp.config, await readFile(join(dir, 'run', slug, 'weights.safetensors')));
      try {
        const error = await endTrainingError(model, data.train, 256, CIFAR10_NORMALISATION);
        expect(Math.abs(error - py.end_error.error), slug).toBeLessThanOrEqual(1 / 256);
      } finally {
        model.dispose();
      }
    }
    const only = await python(dir, ['train.py', '--data', DATA, '--out', 'one', '--net', 'ResNet-8', '--no-test', '--max-steps', '5']);
    expect(only).not.toContain('== ');
    expect((await curvesOf('one', 'resnet8')).steps).toBe(5);
    await expect(python(dir, ['train.py', '--data', DATA, '--net', 'resnet20'])).rejects.toThrow(/this race has no such net; its nets are plain8, resnet8, resnet8-2of3/);
  }, HEAVY);
});
