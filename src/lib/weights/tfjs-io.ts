/**
 * TensorFlow.js native save/load through tf.io handlers (IndexedDB 'indexeddb://name', downloads 'downloads://name',
 * http, or any handler such as tf.io.fromMemory / withSaveHandler). The artifacts carry the ModelConfig as their
 * topology and every parameter and BN buffer by its stable id.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createModel, type InspectableModel } from '../model/build.ts';
import { validateConfig } from '../../core/model/config.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import { assignValues, checkKeysAndShapes, type NamedValue } from './assign.ts';

/** Marks artifacts written by this library, so a foreign tfjs model gets a clear message rather than garbage. */
export const ARTIFACT_FORMAT = 'resnet-lab/model@1';

interface Topology {
  readonly format: string;
  readonly config: ModelConfig;
}

/** The model as tf.io ModelArtifacts: topology {format, config}, weightSpecs by id, one float32 weightData buffer. */
export async function modelArtifacts(model: InspectableModel): Promise<tf.io.ModelArtifacts> {
  const named: tf.NamedTensorMap = {};
  for (const spec of model.specs) named[spec.id] = model.variable(spec.id);
  const { data, specs } = await tf.io.encodeWeights(named);
  const topology: Topology = { format: ARTIFACT_FORMAT, config: model.config };
  return { modelTopology: topology as unknown as tf.io.ModelJSON['modelTopology'], format: ARTIFACT_FORMAT, generatedBy: 'ResNet Lab', weightSpecs: specs, weightData: data };
}

function handlerFor(target: string | tf.io.IOHandler, kind: 'save' | 'load'): tf.io.IOHandler {
  if (typeof target !== 'string') return target;
  const handlers = kind === 'save' ? tf.io.getSaveHandlers(target) : tf.io.getLoadHandlers(target);
  const h = handlers[0];
  if (!h) throw new Error(`No TensorFlow.js ${kind} handler for '${target}'. Use 'indexeddb://<name>' or 'downloads://<name>' in a browser, or pass a tf.io handler.`);
  return h;
}

/** Saves the model through a tf.io handler or URL ('indexeddb://resnet20', 'downloads://resnet20'). */
export async function saveModel(model: InspectableModel, target: string | tf.io.IOHandler): Promise<tf.io.SaveResult> {
  const handler = handlerFor(target, 'save');
  if (!handler.save) throw new Error('This tf.io handler cannot save.');
  return handler.save(await modelArtifacts(model));
}

function configOf(artifacts: tf.io.ModelArtifacts): ModelConfig {
  const topo = artifacts.modelTopology as Partial<Topology> | undefined;
  if (!topo || topo.format !== ARTIFACT_FORMAT || !topo.config) {
    throw new Error(`These TensorFlow.js artifacts were not saved by ResNet Lab (expected topology format '${ARTIFACT_FORMAT}'). Load a model saved with saveModel.`);
  }
  validateConfig(topo.config);
  return topo.config;
}

/** Reads float32 values by name from artifacts, without creating tensors. */
function readValues(artifacts: tf.io.ModelArtifacts): Map<string, NamedValue> {
  const specs = artifacts.weightSpecs ?? [];
  const buffer = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer | ArrayBuffer[]);
  const out = new Map<string, NamedValue>();
  let offset = 0;
  for (const s of specs) {
    if (s.dtype !== 'float32' || s.quantization) throw new Error(`Weight '${s.name}' is ${s.quantization ? 'quantized' : s.dtype}; only float32 weights saved by saveModel can be loaded.`);
    const size = s.shape.reduce((a, b) => a * b, 1);
    if (offset + size * 4 > buffer.byteLength) throw new Error(`The weight data ends before '${s.name}' (truncated file?).`);
    out.set(s.name, { shape: s.shape, data: new Float32Array(buffer.slice(offset, offset + size * 4)) });
    offset += size * 4;
  }
  return out;
}

/** Loads a model saved by saveModel (its configuration travels with it); dispose() it when done. */
export async function loadModel(source: string | tf.io.IOHandler): Promise<InspectableModel> {
  const handler = handlerFor(source, 'load');
  if (!handler.load) throw new Error('This tf.io handler cannot load.');
  const artifacts = await handler.load();
  const config = configOf(artifacts);
  const values = readValues(artifacts);
  const model = createModel(config);
  try {
    const expected = new Map(model.specs.map((s) => [s.id, s.shape] as const));
    checkKeysAndShapes(expected, new Map([...values].map(([k, v]) => [k, v.shape] as const)), 'saved model');
    assignValues(model, values);
    return model;
  } catch (e) {
    model.dispose();
    throw e;
  }
}
