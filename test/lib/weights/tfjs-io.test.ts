import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel, type InspectableModel } from '../../../src/lib/model/index.ts';
import { ARTIFACT_FORMAT, loadModel, saveModel } from '../../../src/lib/weights/index.ts';
import { NODE_BACKENDS, expectNoLeak, randomBatch, tinyConfig, useBackend } from '../model/helpers.ts';

/** Saves through tf.io.withSaveHandler and returns what a real handler (IndexedDB, downloads) would receive. */
async function saveToMemory(m: InspectableModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await saveModel(m, tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return saved!;
}

async function logits(m: InspectableModel, x: tf.Tensor4D): Promise<Float32Array> {
  const y = m.apply(x, { training: false });
  const d = (await y.data()) as Float32Array;
  y.dispose();
  return d;
}

describe.each(NODE_BACKENDS)('TensorFlow.js native save/load on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('saves weights, BN statistics and the configuration, and loads them back into an identical model', async () => {
    const config = tinyConfig({ skips: [true, false, true], bnInference: 'batch' });
    const a = createModel(config);
    const x = randomBatch(1, 3, 8);
    tf.tidy(() => { a.apply(x, { training: true }); }); // move the running statistics off their initial values
    const artifacts = await saveToMemory(a);
    expect(artifacts.weightSpecs!.map((s) => s.name)).toEqual(a.specs.map((s) => s.id));
    const b = await loadModel(tf.io.fromMemory(artifacts));
    expect(b.config).toEqual(config);
    for (const s of a.specs) expect(await b.variable(s.id).data()).toEqual(await a.variable(s.id).data());
    expect(await logits(b, x)).toEqual(await logits(a, x));
    [a, b, x].forEach((t) => t.dispose());
  });

  it('saves and loads without leaking tensors', async () => {
    const a = createModel(tinyConfig());
    const artifacts = await saveToMemory(a);
    await expectNoLeak(async () => (await loadModel(tf.io.fromMemory(artifacts))).dispose());
    await expectNoLeak(() => saveToMemory(a));
    a.dispose();
  });

  it('refuses artifacts that ResNet Lab did not write, and a truncated weight buffer', async () => {
    const foreign = tf.io.fromMemory({ modelTopology: { class_name: 'Sequential' }, weightSpecs: [], weightData: new ArrayBuffer(0) });
    await expect(loadModel(foreign)).rejects.toThrow(new RegExp(`not saved by ResNet Lab.*'${ARTIFACT_FORMAT}'`));
    const a = createModel(tinyConfig());
    const artifacts = await saveToMemory(a);
    const cut = { ...artifacts, weightData: (artifacts.weightData as ArrayBuffer).slice(0, 100) };
    await expect(loadModel(tf.io.fromMemory(cut))).rejects.toThrow(/ends before/);
    const before = tf.memory().numTensors;
    const wrong = { ...artifacts, weightSpecs: artifacts.weightSpecs!.slice(1) };
    await expect(loadModel(tf.io.fromMemory(wrong))).rejects.toThrow(/lacks 1 key\(s\).*stem\.conv\.weight/);
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });

  it('explains which URL schemes work when none matches', async () => {
    const a = createModel(tinyConfig());
    await expect(saveModel(a, 'ftp://nowhere')).rejects.toThrow(/indexeddb:\/\/<name>/);
    a.dispose();
  });
});
