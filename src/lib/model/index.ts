/** The model library: a Model (variables + forward function) built from a core ModelConfig. */
export type { ForwardOptions, Model } from './types.ts';
export { createModel } from './build.ts';
export type { InspectableModel } from './build.ts';
export type { Inject, Tap } from './forward.ts';
export { BN_EPSILON, BN_MOMENTUM } from './layers.ts';
