/** Inspection of a model for the labs: activation taps, Figure-7 response stds, gradient norms, batched evaluation. */
export { blockTaps, captureActivations, resolveBlock } from './taps.ts';
export type { Activation, BlockActivation, TapOptions } from './taps.ts';
export { blockInputShapes, gradientNorms, layerResponseMoments, layerResponseStds, mergeLayerMoments, responseIds, stdsOf } from './stats.ts';
/** The training loss, one definition (train/step.ts), re-exported for inspection and its tests. */
export { crossEntropy } from '../train/step.ts';
export type { GradientNorm, GradientNorms, LayerMoments, LayerStd } from './stats.ts';
export { defaultBatchSize, evaluate } from './evaluate.ts';
export type { EvaluateOptions, EvaluateResult } from './evaluate.ts';
export { lesionStudy } from './lesion.ts';
export type { LesionStudyOptions } from './lesion.ts';
export { responseStds } from './responses.ts';
export type { ResponseStudyOptions } from './responses.ts';
