import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetConfig } from '../../../src/core/model/index.ts';
import { createModel, type InspectableModel } from '../../../src/lib/model/index.ts';
import {
  convFromTorch, convToTorch, entryToFloat32, exportTorchSafetensors, importTorchSafetensors, modelFromTorchSafetensors, parseSafetensors, transpose2d, writeSafetensors,
} from '../../../src/lib/weights/index.ts';
import { NODE_BACKENDS, expectNoLeak, tinyConfig, useBackend } from '../model/helpers.ts';

const RESNET20 = readFileSync('public/models/resnet20_sgd30.safetensors');
const PLAIN20 = readFileSync('public/models/plain20_sgd15.safetensors');

async function snapshot(m: InspectableModel): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const s of m.specs) out.set(s.id, (await m.variable(s.id).data()) as Float32Array);
  return out;
}

describe('layout transposes', () => {
  it('moves PyTorch conv [O,I,kh,kw] to [kh,kw,I,O] and back', () => {
    const shape = [3, 2, 2, 1]; // O, I, kh, kw
    const src = Float32Array.from({ length: 12 }, (_, i) => i);
    const ours = convFromTorch(src, shape);
    // PyTorch element (o=2, i=1, y=0, x=0) must land at [y][x][i][o] = ((0*kw+0)*I+1)*O+2.
    expect(ours[((0 * 1 + 0) * 2 + 1) * 3 + 2]).toBe(src[((2 * 2 + 1) * 2 + 0) * 1 + 0]);
    expect(convToTorch(ours, [2, 1, 2, 3])).toEqual(src);
    expect(transpose2d(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3])).toEqual(Float32Array.of(1, 4, 2, 5, 3, 6));
  });
});

describe.each(NODE_BACKENDS)('PyTorch safetensors import/export on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('re-exports the reference ResNet-20 file byte for byte', async () => {
    const m = createModel(presetConfig('resnet20'));
    importTorchSafetensors(m, RESNET20);
    expect(await exportTorchSafetensors(m)).toEqual(new Uint8Array(RESNET20));
    m.dispose();
  });

  it('round-trips a freshly initialised option-A net through export and import exactly', async () => {
    const config = tinyConfig({ shortcut: 'zeropad', stemBias: false });
    const a = createModel(config);
    const b = createModel({ ...config, seed: 99 });
    importTorchSafetensors(b, await exportTorchSafetensors(a));
    expect(await snapshot(b)).toEqual(await snapshot(a));
    a.dispose();
    b.dispose();
  });

  it('imports without leaking tensors', async () => {
    const m = createModel(presetConfig('plain20'));
    await expectNoLeak(() => importTorchSafetensors(m, PLAIN20));
    m.dispose();
  });

  it('builds a model holding a file\'s weights, and leaves nothing allocated when the file does not fit', async () => {
    const m = modelFromTorchSafetensors(presetConfig('resnet20'), RESNET20);
    expect(await exportTorchSafetensors(m)).toEqual(new Uint8Array(RESNET20));
    m.dispose();
    await expectNoLeak(() => expect(() => modelFromTorchSafetensors(presetConfig('resnet20'), PLAIN20)).toThrow(/lacks 10 key/));
  });

  it('names the missing keys when the file lacks what the configuration needs, and leaves the model unchanged', async () => {
    const m = createModel(presetConfig('resnet20'));
    const before = await snapshot(m);
    expect(() => importTorchSafetensors(m, PLAIN20)).toThrow(/lacks 10 key\(s\).*body\.3\.proj\.0\.weight/);
    expect(await snapshot(m)).toEqual(before);
    m.dispose();
  });

  it('names the extra keys when the file has layers the configuration lacks', () => {
    const m = createModel(presetConfig('plain20'));
    expect(() => importTorchSafetensors(m, RESNET20)).toThrow(/has 10 key\(s\) the chosen model does not use: body\.3\.proj/);
    m.dispose();
  });

  it('names the key and both shapes on a shape mismatch', () => {
    const m = createModel(presetConfig('resnet20', { numClasses: 100 }));
    expect(() => importTorchSafetensors(m, RESNET20)).toThrow(/Shape mismatch for 'fc\.weight': the safetensors file has \[10, 64\] but the chosen model needs \[100, 64\]/);
    m.dispose();
  });

  it("ignores PyTorch's num_batches_tracked counters and rejects a file that is not safetensors", () => {
    const m = createModel(presetConfig('resnet20'));
    const file = parseSafetensors(RESNET20);
    const tensors = [...file.tensors.keys()].map((name) => ({ name, shape: file.tensors.get(name)!.shape, data: entryToFloat32(name, file.tensors.get(name)!) }));
    tensors.push({ name: 'stem.1.num_batches_tracked', shape: [1], data: Float32Array.of(7) });
    expect(() => importTorchSafetensors(m, writeSafetensors(tensors))).not.toThrow();
    expect(() => importTorchSafetensors(m, new TextEncoder().encode('hello, this is not a weights file'))).toThrow(/Not a valid safetensors file/);
    m.dispose();
  });
});
