import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../../src/core/model/index.ts';
import { Rng } from '../../../src/core/random.ts';
import { readWeights, writeSafetensors } from '../../../src/lib/weights/index.ts';

const RESNET20 = new Uint8Array(readFileSync('public/models/resnet20_sgd30.safetensors'));
const PLAIN20 = new Uint8Array(readFileSync('public/models/plain20_sgd15.safetensors'));
const fixture = (name: string) => new Uint8Array(readFileSync(`test/fixtures/upload/${name}`));
const tensor = (name: string, shape: number[]) => ({ name, shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });

describe('readWeights: files it can use', () => {
  it('recognises the reference ResNet-20 from its tensors', () => {
    const r = readWeights(RESNET20, 'resnet20_sgd30.safetensors');
    expect(r).toMatchObject({ kind: 'model', basis: 'tensors', model: { label: 'ResNet-20, projection shortcuts, 272,490 parameters' } });
    expect(r.kind === 'model' && r.model.config).toMatchObject(presetConfig('resnet20'));
  });

  it('offers plain-20 or option-A ResNet-20 for the plain-20 file (no metadata, same keys)', () => {
    const r = readWeights(PLAIN20);
    expect(r.kind).toBe('choice');
    if (r.kind === 'choice') expect(r.candidates.map((c) => c.label)).toEqual(['plain-20, no shortcuts, 269,738 parameters', 'ResNet-20, identity + zero-padding shortcuts (option A), 269,738 parameters']);
  });
});

describe('readWeights: every other file gets a message saying what it is', () => {
  it('a .pt from torch.save (zip or legacy pickle): shows the two-line conversion', () => {
    for (const name of ['state-dict.pt', 'legacy.pt']) {
      const r = readWeights(fixture(name), name);
      expect(r.kind).toBe('error');
      if (r.kind !== 'error') continue;
      expect(r.message).toMatch(name === 'legacy.pt' ? /is a Python pickle/ : /is a zip archive, which is what torch\.save writes/);
      expect(r.message).toContain("from safetensors.torch import save_file\nsave_file({k: v.contiguous() for k, v in torch.load('model.pt'");
    }
  });

  it('random bytes', () => {
    const rng = Rng.fromSeed(3);
    const bytes = Uint8Array.from({ length: 5000 }, () => Math.floor(rng.next() * 256));
    expect(readWeights(bytes, 'noise.bin')).toMatchObject({ kind: 'error', message: expect.stringMatching(/^noise\.bin \(0\.005 MB\) is not a weights file the site can read: it is not safetensors/) });
  });

  it('a truncated file, cut in the data or in the header', () => {
    expect(readWeights(RESNET20.subarray(0, 500_000), 'r.safetensors')).toMatchObject({ kind: 'error', message: expect.stringMatching(/^r\.safetensors is truncated: tensor '.*' ends at byte .* Only 0\.5 MB arrived/) });
    expect(readWeights(RESNET20.subarray(0, 100), 'r.safetensors')).toMatchObject({ kind: 'error', message: expect.stringMatching(/^r\.safetensors is truncated: it starts like safetensors with a [\d,]+-byte header, but the file ends after 100 bytes/) });
  });

  it('a TensorFlow.js model.json, a curves.json, an empty file', () => {
    const modelJson = new TextEncoder().encode(JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }] }));
    expect(readWeights(modelJson, 'model.json')).toMatchObject({ message: expect.stringMatching(/^model\.json is a TensorFlow\.js model\.json/) });
    expect(readWeights(new TextEncoder().encode('{"model":"resnet20","curves":{"train":[],"val":[]}}'), 'curves.json')).toMatchObject({ message: expect.stringMatching(/training run's curves\.json, not weights/) });
    expect(readWeights(new Uint8Array(0), 'x')).toEqual({ kind: 'error', message: 'x is empty (0 bytes).' });
  });

  it('an ImageNet ResNet state dict, a missing tensor, a mis-shaped tensor', () => {
    const imagenet = writeSafetensors([tensor('conv1.weight', [64, 3, 7, 7]), tensor('layer1.0.conv1.weight', [64, 64, 3, 3]), tensor('layer4.0.conv1.weight', [512, 256, 3, 3]), tensor('fc.weight', [1000, 512]), tensor('fc.bias', [1000])]);
    expect(readWeights(imagenet, 'resnet18.safetensors')).toMatchObject({ message: expect.stringMatching(/^resnet18\.safetensors: This is an ImageNet ResNet state dict/) });
    const r20 = readWeights(RESNET20);
    if (r20.kind !== 'model') throw new Error('setup');
    const specs = [...Object.entries(JSON.parse(new TextDecoder().decode(RESNET20.subarray(8, 8 + Number(new DataView(RESNET20.buffer, RESNET20.byteOffset).getBigUint64(0, true)))))) as [string, { shape: number[] }][]]
      .filter(([k]) => k !== '__metadata__');
    const without = writeSafetensors(specs.filter(([k]) => k !== 'body.7.b1.running_mean').map(([k, e]) => tensor(k, e.shape)));
    expect(readWeights(without, 'w.safetensors')).toMatchObject({ message: "w.safetensors: This looks like ResNet-20, projection shortcuts, 272,490 parameters, but the tensor body.7.b1.running_mean is missing." });
    const misShaped = writeSafetensors(specs.map(([k, e]) => tensor(k, k === 'fc.weight' ? [10, 32] : e.shape)));
    expect(readWeights(misShaped, 'w.safetensors')).toMatchObject({ message: "w.safetensors: This looks like ResNet-20, projection shortcuts, 272,490 parameters, but 'fc.weight' has shape [10, 32] where it needs [10, 64]." });
  });
});
