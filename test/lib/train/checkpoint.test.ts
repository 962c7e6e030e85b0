import { describe, expect, it } from 'vitest';
import { writeSafetensors } from '../../../src/lib/weights/safetensors.ts';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../../src/lib/train/checkpoint.ts';
import type { TrainingState } from '../../../src/lib/train/state.ts';

const state = { format: 'resnet-lab-checkpoint', version: 1, progress: { step: 3 } } as unknown as TrainingState;

describe('checkpoint bytes', () => {
  it('round-trip tensors and the run state through the safetensors layout', () => {
    const ckpt: Checkpoint = { state, tensors: [{ name: 'params/a', shape: [2, 2], data: Float32Array.of(1, -2, 3.5, 1e-7) }, { name: 'optimizer/a.exp_avg', shape: [1], data: Float32Array.of(0.25) }] };
    const back = decodeCheckpoint(encodeCheckpoint(ckpt));
    expect(back.state).toEqual(state);
    expect(back.tensors.map((t) => [t.name, [...t.shape], Array.from(t.data)])).toEqual(ckpt.tensors.map((t) => [t.name, [...t.shape], Array.from(t.data)]));
  });

  it('refuses plain weights and non-safetensors files with a message saying what to load instead', () => {
    const weightsOnly = writeSafetensors([{ name: 'fc.bias', shape: [1], data: Float32Array.of(0) }]);
    expect(() => decodeCheckpoint(weightsOnly)).toThrow(/weights but no training state.*checkpoint/);
    expect(() => decodeCheckpoint(new TextEncoder().encode('not a checkpoint at all'))).toThrow(/Not a valid safetensors file/);
  });

  it('refuses a checkpoint version it does not know', () => {
    const v2 = encodeCheckpoint({ state: { ...state, version: 2 } as unknown as TrainingState, tensors: [] });
    expect(() => decodeCheckpoint(v2)).toThrow(/version 2 is not supported/);
  });
});
