/**
 * The PyTorch export end to end: the Python port of the data stream and initialisation against the TypeScript, the
 * PyTorch model against the reference logits and the site's forward pass (option A), and a ResNet-20 paper-recipe
 * project trained with torchrun (2 processes, gloo) and with one process plus --resume, whose weights the library
 * loads. Needs PyTorch, numpy and Pillow for /usr/bin/python3 (or $PYTHON): under CI their absence fails the suite
 * (.ci/run installs python3-torch); elsewhere the tests are skipped with the reason in their name.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitTrainValidation } from '../../src/core/data/split.ts';
import { drawAugmentParams } from '../../src/core/data/augment-params.ts';
import type { Experiment } from '../../src/core/export/experiment.ts';
import { countParams, paramSpecs } from '../../src/core/model/index.ts';
import { Rng } from '../../src/core/random.ts';
import { setupBackend } from '../../src/lib/backend/index.ts';
import { DEFAULT_DATA_DIR, loadPartNode } from '../../scripts/lib/load-node.ts';
import { DATA, HEAVY, PYTHON, dataPresent, exportProject, freePort, problem, python, tensorsOf } from './python-export.ts';
import { evaluate } from '../../src/lib/inspect/index.ts';
import { createModel } from '../../src/lib/model/index.ts';
import { initialProgress } from '../../src/lib/train/state.ts';
import { parseSafetensors } from '../../src/lib/weights/safetensors.ts';
import { exportTorchSafetensors, modelFromTorchSafetensors } from '../../src/lib/weights/torch.ts';

if (problem !== null && process.env.CI) {
  it('has PyTorch for the export tests (CI)', () => {
    throw new Error(`The PyTorch export tests need PyTorch under CI: ${problem}. .ci/run installs Debian's python3-torch (and python3-pil) when missing.`);
  });
}

async function experimentOf(dir: string): Promise<Experiment> {
  return JSON.parse(await readFile(join(dir, 'experiment.json'), 'utf8')) as Experiment;
}

const pythonRuns = spawnSync(PYTHON, ['--version']).status === 0;
it.skipIf(!pythonRuns)('ships Python files that parse', () => {
  const files = readdirSync('public/export/pytorch').filter((f) => f.endsWith('.py')).map((f) => join('public/export/pytorch', f));
  const r = spawnSync(PYTHON, ['-c', 'import ast, sys\nfor f in sys.argv[1:]: ast.parse(open(f).read(), f)', ...files], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(files.length).toBeGreaterThanOrEqual(5);
});

const title = problem !== null ? `the PyTorch export (SKIPPED: ${problem})` : 'the PyTorch export';
describe.skipIf(problem !== null)(title, () => {
  const dirs: string[] = [];
  beforeAll(async () => {
    await setupBackend('wasm');
  });
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("reproduces the site's split, first epoch order and first batch's augmentation draws", async () => {
    const dir = await exportProject(['--model', 'resnet20', '--recipe', 'tutorial', '--epochs', '1']);
    dirs.push(dir);
    const seed = 1234;
    const limit = 3000;
    const py = JSON.parse(await python(dir, ['data.py', '--stream-json', '--seed', String(seed), '--count', '50000', '--limit', String(limit)])) as Record<string, number[]>;
    // As src/lib/train/data.ts trainingSplit and state.ts initialProgress draw them.
    const split = splitTrainValidation(50_000, Rng.fromSeed(seed).fork('split'), 5000);
    expect(py.train).toEqual(Array.from(split.train.subarray(0, limit)));
    expect(py.validation).toEqual(Array.from(split.validation.subarray(0, limit)));
    const progress = initialProgress(seed);
    expect(py.order).toEqual(Array.from(Rng.fromState(progress.shuffleState).permutation(limit)));
    const draws = drawAugmentParams(Rng.fromState(progress.augmentState), 128);
    expect(py.flip).toEqual(Array.from(draws.flip));
    expect(py.dy).toEqual(Array.from(draws.dy));
    expect(py.dx).toEqual(Array.from(draws.dx));
  });

  it("initialises like the site and computes the site's option-A forward pass", async () => {
    const dir = await exportProject(['--model', 'resnet14-a', '--skips', '1,0,1,1,1,0', '--recipe', 'paper', '--seed', '5']);
    dirs.push(dir);
    const exp = await experimentOf(dir);
    await python(dir, ['-c', `
import json, torch
from model import Net, check_layout, init_like_site, state_arrays, write_safetensors
exp = json.load(open('experiment.json'))
net = Net(exp); check_layout(net, exp); init_like_site(net, exp)
write_safetensors('init.safetensors', state_arrays(net, exp))
torch.manual_seed(0)
x = torch.randn(4, 3, 32, 32)
net.eval()
write_safetensors('io.safetensors', {'x': x.numpy(), 'logits': net(x).detach().numpy()})
`]);
    const site = createModel(exp.config);
    try {
      const mine = tensorsOf(await exportTorchSafetensors(site));
      const theirs = tensorsOf(await readFile(join(dir, 'init.safetensors')));
      expect([...theirs.keys()].sort()).toEqual([...mine.keys()].sort());
      let maxDiff = 0;
      for (const [k, v] of mine) v.forEach((a, i) => (maxDiff = Math.max(maxDiff, Math.abs(a - theirs.get(k)![i]!))));
      expect(maxDiff).toBeLessThan(1e-7);
      const io = tensorsOf(await readFile(join(dir, 'io.safetensors')));
      const logits = tf.tidy(() => site.apply(tf.transpose(tf.tensor4d(io.get('x')!, [4, 3, 32, 32]), [0, 2, 3, 1]), { training: false }).dataSync());
      const want = io.get('logits')!;
      logits.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
    } finally {
      site.dispose();
    }
  });

  it.skipIf(!dataPresent)('gives the reference logits of resnet20_sgd30 on test image 0', async () => {
    const dir = await exportProject(['--model', 'resnet20', '--recipe', 'paper', '--epochs', '1']);
    dirs.push(dir);
    const out = await python(dir, ['-c', `
import json, torch
from data import load_site_files, normalise
from model import Net, load_site_weights
exp = json.load(open('experiment.json'))
net = Net(exp); load_site_weights(net, ${JSON.stringify(join(process.cwd(), 'public/models/resnet20_sgd30.safetensors'))}); net.eval()
images, labels = load_site_files(exp, ${JSON.stringify(DATA)}, ('test',))['test']
x = torch.from_numpy(normalise(images[:1], **exp['data']['normalisation']).transpose(0, 3, 1, 2).copy())
print(json.dumps(net(x)[0].tolist()))
`]);
    const logits = JSON.parse(out) as number[];
    [-0.2069, -2.7806, -1.1898, 11.3718, -4.1549, 3.8014, 1.8615, -1.8978, -0.4199, -5.4716].forEach((v, i) => expect(logits[i]).toBeCloseTo(v, 3));
  });

  describe.skipIf(!dataPresent)('a ResNet-20 paper-recipe project on 768 images', () => {
    let dir: string;
    let exp: Experiment;
    beforeAll(async () => {
      dir = await exportProject(['--model', 'resnet20', '--recipe', 'paper', '--epochs', '2', '--limit', '768', '--seed', '3']);
      dirs.push(dir);
      exp = await experimentOf(dir);
    });

    it('trains with torchrun on 2 processes (gloo) and the library loads its weights', async () => {
      expect(exp.totalSteps).toBe(12);
      // Debian's torch 1.13 on Python 3.11 needs --redirects/--tee given explicitly (its '0' defaults parse to None).
      // Rendezvous on loopback at a free port; a rank that cannot join fails the run in 120 s instead of hanging.
      const stdout = await python(dir, ['-m', 'torch.distributed.run', '--redirects', '1', '--tee', '1', '--nproc_per_node=2',
        '--master_addr', '127.0.0.1', '--master_port', String(await freePort()),
        'train.py', '--data', DATA, '--out', 'ddp', '--no-test'], { RESNET_LAB_DIST_TIMEOUT: '120' }, 420_000);
      expect(stdout).toContain('2 process(es) on cpu (gloo): global batch 128');
      const curves = JSON.parse(await readFile(join(dir, 'ddp/curves.json'), 'utf8')) as Record<string, unknown> & { curves: { train: { step: number; epoch: number; loss: number; error: number }[]; val: { step: number; epoch: number; accuracy: number }[]; log: string[] } };
      // The fields scripts/train.ts writes, so the site can overlay the run.
      for (const k of ['model', 'config', 'recipe', 'seed', 'backend', 'reason', 'steps', 'train_images', 'val_images', 'seconds', 'final_val_acc', 'curves']) expect(curves).toHaveProperty(k);
      expect(curves).toMatchObject({ model: 'resnet20', config: exp.config, recipe: exp.recipe, seed: 3, reason: 'completed', steps: 12, train_images: 768, val_images: 768, world_size: 2 });
      expect(curves.curves.train.map((p) => p.step)).toEqual([6, 10, 12]);
      for (const p of curves.curves.train) {
        expect(Object.keys(p).sort()).toEqual(['epoch', 'error', 'loss', 'step']);
        expect(Number.isFinite(p.loss) && p.error >= 0 && p.error <= 1).toBe(true);
      }
      expect(curves.curves.val.map((p) => [p.step, p.epoch])).toEqual([[6, 1], [12, 2]]);
      expect(curves.curves.log[1]).toMatch(/^\[epoch 2, batch 6\]: running train cross entropy: \d+\.\d{3} \| validation accuracy: \d\.\d{3}$/);
      expect(curves.final_val_acc).toBe(curves.curves.val[1]!.accuracy);

      const bytes = await readFile(join(dir, 'ddp/weights.safetensors'));
      expect([...parseSafetensors(bytes).tensors.keys()].sort()).toEqual(paramSpecs(exp.config).map((s) => s.torchKey).sort());
      expect(countParams(exp.config)).toBe(272_490);
      const model = modelFromTorchSafetensors(exp.config, bytes);
      try {
        const test = await loadPartNode(DEFAULT_DATA_DIR, 'test');
        const site = await evaluate(model, test, { limit: 500, batchSize: 100 });
        const out = await python(dir, ['-c', `
import json, torch
from data import load_site_files, normalise
from model import Net, load_site_weights
exp = json.load(open('experiment.json'))
net = Net(exp); load_site_weights(net, 'ddp/weights.safetensors'); net.eval()
images, labels = load_site_files(exp, ${JSON.stringify(DATA)}, ('test',))['test']
x = torch.from_numpy(normalise(images[:500], **exp['data']['normalisation']).transpose(0, 3, 1, 2).copy())
print(float((net(x).argmax(1) == torch.from_numpy(labels[:500].astype('int64'))).float().mean()))
`]);
        expect(Math.abs(site.accuracy - Number(out))).toBeLessThanOrEqual(0.004);
      } finally {
        model.dispose();
      }
    }, HEAVY);

    it('reads the official binary archive (md5-checked) into the same arrays as the PNGs', async () => {
      // The archive is rebuilt from the PNGs; its members can only pass the published md5s if the layout is right.
      const out = await python(dir, ['-c', `
import gzip, io, json, tarfile, numpy as np
from data import load_archive, load_site_files
exp = json.load(open('experiment.json'))
png = load_site_files(exp, ${JSON.stringify(DATA)}, ('train', 'test'))
with tarfile.open('cifar-10-binary.tar.gz', 'w:gz', compresslevel=1) as tar:
    for part, (images, labels) in png.items():
        files = [f for f in exp['data']['archive'] if f['part'] == part]
        for k, f in enumerate(files):
            sl = slice(k * 10000, (k + 1) * 10000)
            rec = np.concatenate([labels[sl, None], images[sl].transpose(0, 3, 1, 2).reshape(-1, 3072)], axis=1).tobytes()
            info = tarfile.TarInfo('cifar-10-batches-bin/' + f['name']); info.size = len(rec)
            tar.addfile(info, io.BytesIO(rec))
arch = load_archive(exp, 'cifar-10-binary.tar.gz', ('train', 'test'))
print(json.dumps({p: bool((arch[p][0] == png[p][0]).all() and (arch[p][1] == png[p][1]).all()) for p in png}))
`]);
      expect(JSON.parse(out)).toEqual({ train: true, test: true });
    }, HEAVY);

    it('resumes a single-process run exactly where it stopped', async () => {
      const train = (out: string, extra: string[]) => python(dir, ['train.py', '--data', DATA, '--out', out, '--no-test', ...extra]);
      await train('straight', ['--max-steps', '4']);
      const first = await train('resumed', ['--max-steps', '2']);
      expect(first).toContain('1 process(es) on cpu');
      const second = await train('resumed', ['--max-steps', '4', '--resume']);
      expect(second).toContain('Resuming at step 2');
      const a = tensorsOf(await readFile(join(dir, 'straight/weights.safetensors')));
      const b = tensorsOf(await readFile(join(dir, 'resumed/weights.safetensors')));
      for (const [k, v] of a) expect(Array.from(b.get(k)!), k).toEqual(Array.from(v));
      const curves = JSON.parse(await readFile(join(dir, 'resumed/curves.json'), 'utf8')) as { reason: string; steps: number };
      expect(curves).toMatchObject({ reason: 'stopped', steps: 4 });
    }, HEAVY);
  });
});

