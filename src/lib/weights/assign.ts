/**
 * Checks a set of named values against a model's parameter specs (missing, extra, wrong shape) and assigns them,
 * all or nothing: nothing is written unless every value fits.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { InspectableModel } from '../model/build.ts';

/** A value to load, in this library's layout, keyed by parameter id. */
export interface NamedValue {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

const list = (keys: string[]): string => (keys.length > 6 ? `${keys.slice(0, 6).join(', ')} and ${keys.length - 6} more` : keys.join(', '));
const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/**
 * Throws if the keys differ or a shape does not fit. `expected` and `got` map a key (as the file names it) to its shape;
 * `source` names the file kind in the message.
 */
export function checkKeysAndShapes(expected: ReadonlyMap<string, readonly number[]>, got: ReadonlyMap<string, readonly number[]>, source: string): void {
  const missing = [...expected.keys()].filter((k) => !got.has(k));
  const extra = [...got.keys()].filter((k) => !expected.has(k));
  if (missing.length > 0) {
    throw new Error(`The ${source} lacks ${missing.length} key(s) the chosen model needs: ${list(missing)}. Pick the model configuration the weights were trained with (depth, shortcut kind, stem bias).`);
  }
  if (extra.length > 0) {
    throw new Error(`The ${source} has ${extra.length} key(s) the chosen model does not use: ${list(extra)}. Pick the model configuration the weights were trained with (plain vs residual, shortcut kind, depth).`);
  }
  for (const [key, shape] of expected) {
    const g = got.get(key)!;
    if (g.length !== shape.length || g.some((d, i) => d !== shape[i])) {
      throw new Error(`Shape mismatch for '${key}': the ${source} has ${shapeText(g)} but the chosen model needs ${shapeText(shape)}. Check depth, widths and number of classes.`);
    }
  }
}

/** Writes values (by parameter id, already checked) into the model's variables. */
export function assignValues(model: InspectableModel, values: ReadonlyMap<string, NamedValue>): void {
  for (const spec of model.specs) {
    const v = values.get(spec.id);
    if (!v) throw new Error(`No value for '${spec.id}'.`);
    tf.tidy(() => model.variable(spec.id).assign(tf.tensor(v.data, [...spec.shape], 'float32')));
  }
}
