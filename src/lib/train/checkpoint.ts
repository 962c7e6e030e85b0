/**
 * Checkpoints as bytes in the safetensors layout (the weights library's codec): tensors are `params/<id>`,
 * `buffers/<id>` and `optimizer/<id>.<slot>`, and the run's JSON state sits in `__metadata__.state`. So a checkpoint
 * is one downloadable file, readable by Python's safetensors too.
 */
import { entryToFloat32, parseSafetensors, writeSafetensors } from '../weights/safetensors.ts';
import type { NamedArray } from './optimizers.ts';
import type { TrainingState } from './state.ts';

export const CHECKPOINT_FORMAT = 'resnet-lab-checkpoint';

export interface Checkpoint {
  readonly state: TrainingState;
  readonly tensors: readonly NamedArray[];
}

/** The checkpoint as one byte array. */
export function encodeCheckpoint(ckpt: Checkpoint): Uint8Array {
  return writeSafetensors(ckpt.tensors, { format: CHECKPOINT_FORMAT, state: JSON.stringify(ckpt.state) });
}

/** Parses `encodeCheckpoint` bytes; a file that is not one gets a message saying what it is instead. */
export function decodeCheckpoint(bytes: Uint8Array | ArrayBuffer): Checkpoint {
  const file = parseSafetensors(bytes);
  if (file.metadata.format !== CHECKPOINT_FORMAT || typeof file.metadata.state !== 'string') {
    throw new Error('This file holds weights but no training state, so a run cannot resume from it. Load a checkpoint downloaded from the training page or written by `npm run train` (checkpoint.safetensors); plain weights load through the model\'s weight import.');
  }
  const state = JSON.parse(file.metadata.state) as TrainingState;
  if (state.version !== 1) throw new Error(`Checkpoint version ${String(state.version)} is not supported by this version of ResNet Lab (it reads version 1).`);
  const tensors = [...file.tensors].map(([name, e]) => ({ name, shape: e.shape, data: entryToFloat32(name, e) }));
  return { state, tensors };
}
