/**
 * Reads a weights file someone hands the site (an upload, `npm run eval`): recognises what it is (safetensors, a
 * PyTorch pickle or zip, a TensorFlow.js model.json, a curves.json, anything else), and for safetensors detects the
 * network (core's detectConfig). Every outcome that is not a usable model is a message saying what was found and what
 * was expected. Pure byte handling: no tensors are made here.
 */
import { detectConfig, describeModel, type Detection, type TensorShapes } from '../../core/model/detect.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import { parseSafetensors, type SafetensorsFile } from './safetensors.ts';

/** A network the file's tensors fit, with its description ("ResNet-56, projection shortcuts, 855,786 parameters"). */
export interface DetectedModel {
  readonly config: ModelConfig;
  readonly label: string;
}

export type WeightsReading =
  | { readonly kind: 'model'; readonly model: DetectedModel; readonly basis: 'metadata' | 'tensors'; readonly notes: readonly string[] }
  | { readonly kind: 'choice'; readonly candidates: readonly DetectedModel[]; readonly reason: string }
  | { readonly kind: 'error'; readonly message: string };

/** The two lines that turn a PyTorch state dict saved with torch.save into safetensors (pip install safetensors). */
export const TORCH_TO_SAFETENSORS = [
  'import torch; from safetensors.torch import save_file',
  "save_file({k: v.contiguous() for k, v in torch.load('model.pt', map_location='cpu').items()}, 'model.safetensors')",
] as const;

const FLOAT_DTYPES = new Set(['F32', 'F64', 'F16', 'BF16']);
const mb = (n: number): string => `${(n / 1e6).toFixed(n < 1e5 ? 3 : 1)} MB`;

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function pickleOrZip(name: string, bytes: Uint8Array): string | null {
  const zip = startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
  const pickle = bytes[0] === 0x80 && bytes[1] !== undefined && bytes[1] >= 2 && bytes[1] <= 5;
  if (!zip && !pickle) return null;
  const what = zip ? 'a zip archive, which is what torch.save writes (a .pt/.pth file)' : 'a Python pickle, as older torch.save versions write (a .pt/.pth file)';
  return `${name} is ${what}. The site reads safetensors only: a pickle can run code when loaded, so no web page should open one. Convert the state dict in Python (pip install safetensors), then choose the .safetensors file:\n${TORCH_TO_SAFETENSORS.join('\n')}\n(If the file holds a whole model rather than a state dict, use torch.load(...).state_dict().)`;
}

function jsonKind(name: string, bytes: Uint8Array): string | null {
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  if (!head.startsWith('{') && !head.startsWith('[')) return null;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return `${name} starts like JSON but is not valid JSON (truncated?), and weights come as a .safetensors file.`;
  }
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if ('modelTopology' in o || 'weightsManifest' in o) {
    return `${name} is a TensorFlow.js model.json (a topology and a manifest of .bin weight shards). The site reads PyTorch-layout safetensors: the train lab's "Download weights" and npm run train write them.`;
  }
  if ('curves' in o) return `${name} is a training run's curves.json, not weights: drop it on the train lab's or the race's chart to overlay its curves.`;
  return `${name} is a JSON file, not weights: expected a .safetensors file (8-byte header length, JSON header, raw tensors).`;
}

/** What is wrong with bytes that do not parse as safetensors, said for a reader. */
function notSafetensors(name: string, bytes: Uint8Array, parseError: string): string {
  if (bytes.byteLength >= 8) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = Number(view.getBigUint64(0, true));
    const headerText = 8 + n <= bytes.byteLength ? new TextDecoder().decode(bytes.subarray(8, Math.min(8 + n, 9))) : '';
    const plausible = n > 1 && n < 1e8 && (headerText === '{' || new TextDecoder().decode(bytes.subarray(8, 9)) === '{');
    if (plausible && 8 + n > bytes.byteLength) {
      return `${name} is truncated: it starts like safetensors with a ${n.toLocaleString('en-US')}-byte header, but the file ends after ${bytes.byteLength.toLocaleString('en-US')} bytes. Download or copy it again.`;
    }
    if (plausible && /past the data/.test(parseError)) {
      return `${name} is truncated: ${parseError.replace(/^Not a valid safetensors file: /, '').replace(/\. Export weights.*$/, '')}. Only ${mb(bytes.byteLength)} arrived; download or copy it again.`;
    }
    if (plausible) return `${name} looks like safetensors but its header is damaged: ${parseError}`;
  }
  return `${name} (${mb(bytes.byteLength)}) is not a weights file the site can read: it is not safetensors (its first 8 bytes are not the length of a JSON header), nor a PyTorch .pt/.pth, nor a TensorFlow.js model.json. Expected a .safetensors file of a CIFAR-10 ResNet or plain net in PyTorch's layout (the site's export, or safetensors.torch.save_file of a state dict).`;
}

function fromDetection(d: Detection, file: SafetensorsFile): WeightsReading {
  const named = (config: ModelConfig): DetectedModel => ({ config, label: describeModel(config) });
  if (d.kind === 'error') return d;
  const bad = [...file.tensors].find(([, e]) => !FLOAT_DTYPES.has(e.dtype) && e.dtype !== 'I64');
  if (bad) return { kind: 'error', message: `Tensor '${bad[0]}' has dtype ${bad[1].dtype}; weights must be floating point (F32, F64, F16 or BF16).` };
  if (d.kind === 'choice') return { kind: 'choice', candidates: d.candidates.map(named), reason: d.reason };
  return { kind: 'model', model: named(d.config), basis: d.basis, notes: d.notes };
}

/** Recognises a weights file and the network it holds; `name` is how messages refer to it (e.g. the file's name). */
export function readWeights(input: Uint8Array | ArrayBuffer, name = 'The file'): WeightsReading {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteLength === 0) return { kind: 'error', message: `${name} is empty (0 bytes).` };
  const foreign = pickleOrZip(name, bytes) ?? jsonKind(name, bytes);
  if (foreign) return { kind: 'error', message: foreign };
  let file: SafetensorsFile;
  try {
    file = parseSafetensors(bytes);
  } catch (e) {
    return { kind: 'error', message: notSafetensors(name, bytes, (e as Error).message) };
  }
  const shapes: TensorShapes = new Map([...file.tensors].map(([k, e]) => [k, e.shape] as const));
  const d = detectConfig(shapes, file.metadata);
  return fromDetection(d.kind === 'error' ? { kind: 'error', message: `${name}: ${d.message}` } : d, file);
}
