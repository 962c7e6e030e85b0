import { beforeAll, describe, expect, it } from 'vitest';
import { blockTaps, captureActivations } from '../../../src/lib/inspect/index.ts';
import { BLOCK_TAPS } from '../../../src/core/model/index.ts';
import { createModel } from '../../../src/lib/model/index.ts';
import { NODE_BACKENDS, expectNoLeak, randomBatch, tinyConfig, useBackend } from '../model/helpers.ts';

const close = (a: Float32Array, b: ArrayLike<number>): void => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-5));
};

describe.each(NODE_BACKENDS)('activation taps on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('gives every tensor of a residual block in order, and they compose: sum = F(x) + shortcut, out = ReLU(sum)', async () => {
    const m = createModel(tinyConfig());
    const x = randomBatch(1, 2, 8);
    const taps = await blockTaps(m, x, 'stage2.block0');
    expect(taps.map((t) => t.tap)).toEqual([...BLOCK_TAPS]);
    const t = Object.fromEntries(taps.map((a) => [a.tap, a]));
    expect(t.x!.shape).toEqual([2, 8, 8, 4]);
    for (const name of ['conv1', 'bn1', 'relu1', 'conv2', 'bn2', 'shortcut', 'sum', 'out']) expect(t[name]!.shape).toEqual([2, 4, 4, 8]);
    close(t.relu1!.data, t.bn1!.data.map((v) => Math.max(v, 0)));
    close(t.sum!.data, t.bn2!.data.map((v, i) => v + t.shortcut!.data[i]!));
    close(t.out!.data, t.sum!.data.map((v) => Math.max(v, 0)));
    x.dispose();
    m.dispose();
  });

  it('passes x unchanged through an identity shortcut, and a plain block has no shortcut or sum', async () => {
    const m = createModel(tinyConfig({ blocksPerStage: 2, skips: [true, false, true, true, true, true] }));
    const x = randomBatch(2, 2, 8);
    const identity = await blockTaps(m, x, 0);
    expect(identity.find((a) => a.tap === 'shortcut')!.data).toEqual(identity.find((a) => a.tap === 'x')!.data);
    const plain = await blockTaps(m, x, 'stage1.block1');
    expect(plain.map((a) => a.tap)).toEqual(['x', 'conv1', 'bn1', 'relu1', 'conv2', 'bn2', 'out']);
    x.dispose();
    m.dispose();
  });

  it('captures any ids in forward order without leaking, and names the valid blocks for a bad one', async () => {
    const m = createModel(tinyConfig());
    const x = randomBatch(3, 2, 8);
    const acts = await captureActivations(m, x, ['logits', 'stem.conv', 'stage3.block0.out']);
    expect(acts.map((a) => [a.id, a.shape])).toEqual([['stem.conv', [2, 8, 8, 4]], ['stage3.block0.out', [2, 2, 2, 8]], ['logits', [2, 5]]]);
    await expectNoLeak(() => blockTaps(m, x, 1));
    await expect(blockTaps(m, x, 7)).rejects.toThrow(/use an index 0\.\.2 or an id from stage1\.block0 to stage3\.block0/);
    x.dispose();
    m.dispose();
  });

  it("uses the batch's BN statistics when asked, without moving the running ones", async () => {
    const m = createModel(tinyConfig());
    const x = randomBatch(4, 3, 8);
    const [running] = await captureActivations(m, x, ['stem.bn']);
    const [batch] = await captureActivations(m, x, ['stem.bn'], { bn: 'batch' });
    expect(batch!.data).not.toEqual(running!.data);
    expect(await m.variable('stem.bn.running_mean').data()).toEqual(new Float32Array(4));
    x.dispose();
    m.dispose();
  });
});
