/**
 * Initial values as in the tutorial and PyTorch: convs Kaiming normal (fan_out, ReLU gain: std = sqrt(2 / fan_out)),
 * BN gamma 1 / beta 0 / running mean 0 / running variance 1, and PyTorch's defaults for what the tutorial leaves alone
 * (the stem's bias and the dense layer: uniform in +-1/sqrt(fan_in)).
 */
import { Rng } from '../../core/random.ts';
import type { ParamSpec } from '../../core/model/params.ts';

/** The initial values of one parameter in this library's layout; depends only on (seed, id), not on other layers. */
export function initialValues(spec: ParamSpec, seed: number): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  const fill = (f: () => number): Float32Array => {
    for (let i = 0; i < size; i++) out[i] = f();
    return out;
  };
  switch (spec.role) {
    case 'gamma':
    case 'running_var':
      return out.fill(1);
    case 'beta':
    case 'running_mean':
      return out;
    default: {
      const rng = Rng.fromSeed(seed).fork(spec.id);
      if (spec.layout === 'conv') {
        const std = Math.sqrt(2 / spec.fanOut);
        return fill(() => rng.normal() * std);
      }
      const bound = 1 / Math.sqrt(spec.fanIn);
      return fill(() => (rng.next() * 2 - 1) * bound);
    }
  }
}
