/** Networks as data: configurations and presets, the block plan, naming and taps, parameter specs, the summary. */
export type { BnInference, ModelConfig, ShortcutKind } from './types.ts';
export { PAPER_DEPTHS, PRESET_NAMES, blocksForDepth, hasSkip, parsePresetName, presetConfig, presetOf, validateConfig } from './config.ts';
export type { PresetOverrides } from './config.ts';
export { finalMapSize, planBlocks } from './architecture.ts';
export { checkLesion, deletableBlocks, lesionStandIn } from './lesion.ts';
export type { LesionStandIn } from './lesion.ts';
export type { BlockPlan, ShortcutPlan } from './architecture.ts';
export { BLOCK_TAPS, blockId, responseLayerIds, splitParamId, tapId, torchKey } from './naming.ts';
export type { BlockTap, ParamRole } from './naming.ts';
export { countParams, paramSpecs } from './params.ts';
export type { ParamLayout, ParamSpec } from './params.ts';
export { formatSummary, summarize } from './summary.ts';
export type { LayerKind, ModelSummary, SummaryRow } from './summary.ts';
export { configFromOptions, describeConfig } from './options.ts';
export type { ModelOptions } from './options.ts';
export { BN_EPSILON, BN_MOMENTUM } from './batch-norm.ts';
export { IGNORED_KEY, describeModel, detectConfig, fitProblem } from './detect.ts';
export type { Detection, TensorShapes } from './detect.ts';
