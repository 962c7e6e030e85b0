/** Weights in and out: PyTorch safetensors (import/export) and TensorFlow.js native save/load. */
export { entryToFloat32, parseSafetensors, writeSafetensors } from './safetensors.ts';
export type { SafetensorsEntry, SafetensorsFile } from './safetensors.ts';
export { convFromTorch, convToTorch, exportTorchSafetensors, importTorchSafetensors, modelFromTorchSafetensors, transpose2d } from './torch.ts';
export { ARTIFACT_FORMAT, loadModel, modelArtifacts, saveModel } from './tfjs-io.ts';
export { TORCH_TO_SAFETENSORS, readWeights } from './read.ts';
export type { DetectedModel, WeightsReading } from './read.ts';
