/**
 * PyTorch weights in and out, as safetensors in the layout of ../shared/reference/README.md: keys like
 * `stem.0.weight`, `body.{i}.c1.weight`, `body.{i}.proj.1.running_var`, `fc.weight`; convs [out,in,kh,kw], dense [out,in].
 */
import { createModel, type InspectableModel } from '../model/build.ts';
import type { ParamSpec } from '../../core/model/params.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import { assignValues, checkKeysAndShapes, type NamedValue } from './assign.ts';
import { entryToFloat32, parseSafetensors, writeSafetensors } from './safetensors.ts';

/** PyTorch conv [O,I,kh,kw] -> [kh,kw,I,O]. */
export function convFromTorch(src: Float32Array, [o, i, kh, kw]: readonly number[]): Float32Array {
  const out = new Float32Array(src.length);
  for (let a = 0; a < o!; a++) for (let b = 0; b < i!; b++) for (let y = 0; y < kh!; y++) for (let x = 0; x < kw!; x++) {
    out[((y * kw! + x) * i! + b) * o! + a] = src[((a * i! + b) * kh! + y) * kw! + x]!;
  }
  return out;
}

/** [kh,kw,I,O] -> PyTorch conv [O,I,kh,kw]. */
export function convToTorch(src: Float32Array, [kh, kw, i, o]: readonly number[]): Float32Array {
  const out = new Float32Array(src.length);
  for (let a = 0; a < o!; a++) for (let b = 0; b < i!; b++) for (let y = 0; y < kh!; y++) for (let x = 0; x < kw!; x++) {
    out[((a * i! + b) * kh! + y) * kw! + x] = src[((y * kw! + x) * i! + b) * o! + a]!;
  }
  return out;
}

/** Transposes a row-major matrix [r,c] -> [c,r] (PyTorch dense [out,in] <-> [in,out]). */
export function transpose2d(src: Float32Array, [r, c]: readonly number[]): Float32Array {
  const out = new Float32Array(src.length);
  for (let a = 0; a < r!; a++) for (let b = 0; b < c!; b++) out[b * r! + a] = src[a * c! + b]!;
  return out;
}

function fromTorchLayout(spec: ParamSpec, data: Float32Array): Float32Array {
  if (spec.layout === 'conv') return convFromTorch(data, spec.torchShape);
  if (spec.layout === 'dense') return transpose2d(data, spec.torchShape);
  return data;
}

function toTorchLayout(spec: ParamSpec, data: Float32Array): Float32Array {
  if (spec.layout === 'conv') return convToTorch(data, spec.shape);
  if (spec.layout === 'dense') return transpose2d(data, spec.shape);
  return data;
}

/** PyTorch bookkeeping that carries no weights (BN's step counter). */
const IGNORED = /\.num_batches_tracked$/;

/**
 * Loads PyTorch safetensors weights into a model built with the matching configuration. Throws, without changing the
 * model, if the file is not safetensors, a key is missing or extra, or a shape differs (naming the key and both shapes).
 */
export function importTorchSafetensors(model: InspectableModel, file: Uint8Array | ArrayBuffer): void {
  const parsed = parseSafetensors(file);
  const got = new Map<string, readonly number[]>();
  for (const [k, e] of parsed.tensors) if (!IGNORED.test(k)) got.set(k, e.shape);
  const expected = new Map(model.specs.map((s) => [s.torchKey, s.torchShape] as const));
  checkKeysAndShapes(expected, got, 'safetensors file');
  const values = new Map<string, NamedValue>();
  for (const spec of model.specs) {
    const data = entryToFloat32(spec.torchKey, parsed.tensors.get(spec.torchKey)!);
    values.set(spec.id, { shape: spec.shape, data: fromTorchLayout(spec, data) });
  }
  assignValues(model, values);
}

/** A new model of `config` holding the PyTorch weights in `file`; nothing is left allocated if the file does not fit. */
export function modelFromTorchSafetensors(config: ModelConfig, file: Uint8Array | ArrayBuffer): InspectableModel {
  const model = createModel(config);
  try {
    importTorchSafetensors(model, file);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/** The model's weights and BN statistics as PyTorch-layout safetensors bytes (loadable with safetensors.torch.load_file). */
export async function exportTorchSafetensors(model: InspectableModel, metadata?: Record<string, string>): Promise<Uint8Array> {
  const tensors = [];
  for (const spec of model.specs) {
    const data = (await model.variable(spec.id).data()) as Float32Array;
    tensors.push({ name: spec.torchKey, shape: spec.torchShape, data: toTorchLayout(spec, data) });
  }
  // Sorted keys, as PyTorch's safetensors writer orders them, so files diff cleanly.
  tensors.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return writeSafetensors(tensors, metadata);
}
