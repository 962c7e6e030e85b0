/** Type-only re-exports for components (which may not import the model library directly). */
export type { BlockTap } from '../../core/model/naming.ts';
export type { BlockActivation } from '../../lib/inspect/taps.ts';
