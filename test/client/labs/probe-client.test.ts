import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mineRequest } from '../../../src/client/labs/probe-client.ts';
import { flowPlan } from '../../../src/core/labs/gradient-flow-plan.ts';
import { modelDepth, presetConfig } from '../../../src/core/model/config.ts';
import type { ModelConfig } from '../../../src/core/model/types.ts';
import { gradientFlow } from '../../../src/lib/inspect/gradient-flow.ts';
import { computeLandscapes, lossBatches } from '../../../src/lib/inspect/landscape.ts';
import { createModel } from '../../../src/lib/model/build.ts';
import { crossEntropy } from '../../../src/lib/train/step.ts';
import { readWeights } from '../../../src/lib/weights/read.ts';
import { exportTorchSafetensors, modelFromTorchSafetensors } from '../../../src/lib/weights/torch.ts';
import type { ProbeRequest } from '../../../src/workers/probe/protocol.ts';
import { randomBatch, useBackend } from '../../lib/model/helpers.ts';

type Mine = Extract<ProbeRequest, { type: 'mine' }>;

/** What postMessage does to a message and its transfer list: the worker gets a clone, the transferred buffers are moved. */
const post = (req: ProbeRequest, transfer: Transferable[]): ProbeRequest => structuredClone(req, { transfer: transfer as ArrayBuffer[] });

describe('the reader\'s model sent to the probe worker', () => {
  it('moves one copy of the bytes: the page keeps its own, the buffer sent is detached after posting, the worker gets the same bytes and network', () => {
    const file = Uint8Array.from({ length: 64 }, (_, i) => i);
    const bytes = file.subarray(8, 40);
    const config = presetConfig('resnet20-a');
    const { req, transfer } = mineRequest('ResNet-20, option A', config, bytes);
    const sent = (req as Mine).net.weights;
    expect(transfer).toEqual([sent]);
    expect(sent.byteLength).toBe(32);
    const got = post(req, transfer) as Mine;
    expect(sent.byteLength).toBe(0);
    expect([...new Uint8Array(got.net.weights)]).toEqual([...bytes]);
    expect(got.net.config).toEqual(config);
    expect(got.net.label).toBe('ResNet-20, option A');
    expect([...file]).toEqual(Array.from({ length: 64 }, (_, i) => i));
  });

  describe('measured as the worker measures it', () => {
    beforeAll(() => useBackend('wasm'));
    const x = () => randomBatch(4, 2, 32);
    let original: ReturnType<typeof createModel>;
    let received: ReturnType<typeof createModel>;
    let config: ModelConfig;

    beforeAll(async () => {
      // An option-A ResNet-14 (a depth the lab builds no nets of): keys alone fit a plain net too, so the reader picks.
      original = createModel({ ...presetConfig('resnet20-a', { seed: 7 }), blocksPerStage: 2 });
      const bytes = await exportTorchSafetensors(original);
      const read = readWeights(bytes, '"resnet14a.safetensors"');
      expect(read.kind).toBe('choice');
      const pick = read.kind === 'choice' ? read.candidates.find((c) => c.config.shortcut === 'zeropad' && c.config.skips === 'all') : undefined;
      expect(pick?.label).toBe('ResNet-14, identity + zero-padding shortcuts (option A), 172,506 parameters');
      config = pick!.config;
      const { req, transfer } = mineRequest(pick!.label, config, bytes);
      const got = post(req, transfer) as Mine;
      received = modelFromTorchSafetensors(got.net.config, got.net.weights);
    });

    afterAll(() => {
      original.dispose();
      received.dispose();
    });

    it('alone, as the plan says for a depth the lab has no nets of, with one norm per 3x3 conv and per block input, equal to the sender\'s', async () => {
      expect(modelDepth(config)).toBe(14);
      expect(flowPlan(56, { depth: modelDepth(config), label: 'x' }).jobs).toEqual([{ kind: 'mine' }]);
      const batch = x();
      const mine = await gradientFlow(received, batch, [3, 8]);
      const theirs = await gradientFlow(original, batch, [3, 8]);
      batch.dispose();
      expect(mine.convs).toHaveLength(13);
      expect(mine.inputs).toHaveLength(6);
      expect(mine.loss).toBe(theirs.loss);
      expect(mine.convs.map((c) => c.norm)).toEqual(theirs.convs.map((c) => c.norm));
    });

    it('its loss slice has at its centre the sender\'s loss, and every point computed', async () => {
      const batch = x();
      const batches = lossBatches(batch, [3, 8]);
      const r = await computeLandscapes([received], batches, { seed: 1, size: 3, span: 0.5 });
      const centre = tf.tidy(() => {
        const logits = original.apply(batch, { training: false, bn: 'running' });
        return crossEntropy(logits, tf.tensor1d([3, 8], 'int32')).dataSync()[0]!;
      });
      for (const b of batches) {
        b.x.dispose();
        b.labels.dispose();
      }
      batch.dispose();
      expect(r.losses[0]!.filter(Number.isFinite)).toHaveLength(9);
      expect(r.losses[0]![4]).toBeCloseTo(centre, 5);
    });
  });
});
