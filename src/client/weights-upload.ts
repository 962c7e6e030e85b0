/**
 * Host side of a weights upload: a File (chosen or dropped) read into bytes and recognised by the weights library
 * (src/lib/weights/read.ts). No TensorFlow.js is started here: the page or worker that uses the model builds it.
 */
import type { ModelConfig } from '../core/model/types.ts';
import { readWeights, type WeightsReading } from '../lib/weights/read.ts';

/** Files above this size are refused before reading: the deepest nets the site builds are far smaller. */
export const MAX_WEIGHTS_BYTES = 512 * 1024 * 1024;

/** What an upload hands its page once a network is settled (the `weights-model` event's detail). */
export interface UploadedModel {
  readonly config: ModelConfig;
  /** "ResNet-56, projection shortcuts, 855,786 parameters". */
  readonly label: string;
  /** The safetensors bytes, PyTorch layout: modelFromTorchSafetensors(config, bytes) builds the model. */
  readonly bytes: Uint8Array;
  readonly fileName: string;
  /** How the network was settled: the file's metadata, its tensors alone, or the reader's choice. */
  readonly basis: 'metadata' | 'tensors' | 'reader';
}

/** Reads and recognises a weights file; reading failures become an 'error' reading with the file's name. */
export async function readWeightsFile(file: File): Promise<{ bytes: Uint8Array; reading: WeightsReading }> {
  const name = `"${file.name}"`;
  if (file.size > MAX_WEIGHTS_BYTES) {
    return { bytes: new Uint8Array(0), reading: { kind: 'error', message: `${name} is ${(file.size / 1e6).toFixed(0)} MB; CIFAR-10 nets of this site are a few MB (ResNet-110: 7 MB), so it cannot be one of them.` } };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    return { bytes: new Uint8Array(0), reading: { kind: 'error', message: `${name} could not be read: ${e instanceof Error ? e.message : String(e)}` } };
  }
  return { bytes, reading: readWeights(bytes, name) };
}
