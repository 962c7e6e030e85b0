/**
 * createModel: a ModelConfig becomes tf.Variables (named by the naming module) plus the forward function.
 */
import * as tf from '@tensorflow/tfjs-core';
import { planBlocks, type BlockPlan } from '../../core/model/architecture.ts';
import { validateConfig } from '../../core/model/config.ts';
import { checkLesion } from '../../core/model/lesion.ts';
import { forward, type Inject, type Net, type Tap } from './forward.ts';
import { initialValues } from './init.ts';
import type { BnMode } from './layers.ts';
import { paramSpecs, type ParamSpec } from '../../core/model/params.ts';
import type { ForwardOptions, Model } from './types.ts';
import type { BnInference, ModelConfig } from '../../core/model/types.ts';

/** A Model that also exposes its block plan, parameter specs and a tapped forward pass (for the inspectors). */
export interface InspectableModel extends Model, Net {
  readonly specs: readonly ParamSpec[];
  /** Like apply, with a tap that sees every named intermediate tensor (see naming.ts for the ids) and an optional inject at block inputs. */
  applyWithTap(x: tf.Tensor4D, opts: ForwardOptions, tap: Tap, inject?: Inject): tf.Tensor2D;
  /** The BN statistics used at inference unless a call overrides them. */
  bnInferenceMode(): BnInference;
}

class ResidualNet implements InspectableModel {
  readonly config: ModelConfig;
  readonly blocks: readonly BlockPlan[];
  readonly stemBias: boolean;
  readonly specs: readonly ParamSpec[];
  readonly params = new Map<string, tf.Variable>();
  readonly buffers = new Map<string, tf.Variable>();
  private bnInference: BnInference;
  private disposed = false;

  constructor(config: ModelConfig) {
    validateConfig(config);
    this.config = config;
    this.blocks = planBlocks(config);
    this.stemBias = config.stemBias;
    this.specs = paramSpecs(config);
    this.bnInference = config.bnInference;
    for (const s of this.specs) {
      const value = tf.tensor(initialValues(s, config.seed), [...s.shape], 'float32');
      // Variable names must be unique per engine; ids repeat across models, so they are not used as names.
      (s.trainable ? this.params : this.buffers).set(s.id, tf.variable(value, s.trainable));
      value.dispose();
    }
  }

  variable(id: string): tf.Variable {
    const v = this.params.get(id) ?? this.buffers.get(id);
    if (!v) throw new Error(`The model has no variable '${id}'.`);
    return v;
  }

  private mode(opts: ForwardOptions): BnMode {
    if (this.disposed) throw new Error('This model has been disposed; create a new one.');
    return opts.training ? 'train' : (opts.bn ?? this.bnInference);
  }

  private checkInput(x: tf.Tensor): void {
    const { inputSize: s, inputChannels: c } = this.config;
    if (x.rank !== 4 || x.shape[1] !== s || x.shape[2] !== s || x.shape[3] !== c) {
      throw new Error(`The model expects a normalised NHWC batch [B, ${s}, ${s}, ${c}], got shape [${x.shape.join(', ')}].`);
    }
  }

  private skipped(opts: ForwardOptions): ReadonlySet<number> | undefined {
    if (!opts.skipBlocks?.length) return undefined;
    if (opts.training) throw new Error('Blocks are deleted at test time only; train with every block.');
    return checkLesion(this.blocks, opts.skipBlocks);
  }

  apply(x: tf.Tensor4D, opts: ForwardOptions): tf.Tensor2D {
    this.checkInput(x);
    const mode = this.mode(opts);
    const skip = this.skipped(opts);
    return tf.tidy(() => forward(this, x, mode, undefined, skip));
  }

  applyWithTap(x: tf.Tensor4D, opts: ForwardOptions, tap: Tap, inject?: Inject): tf.Tensor2D {
    this.checkInput(x);
    return forward(this, x, this.mode(opts), tap, this.skipped(opts), inject);
  }

  setBnInference(mode: BnInference): void {
    if (mode !== 'running' && mode !== 'batch') throw new Error(`BN inference mode must be 'running' or 'batch', got '${mode}'.`);
    this.bnInference = mode;
  }

  bnInferenceMode(): BnInference {
    return this.bnInference;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of [...this.params.values(), ...this.buffers.values()]) v.dispose();
  }
}

/** A freshly initialised model (seeded Kaiming init) for a configuration; dispose() it when done. */
export function createModel(config: ModelConfig): InspectableModel {
  return new ResidualNet(config);
}
