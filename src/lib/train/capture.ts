/** Moves a run's tensors (weights, BN statistics, optimizer slots) to and from plain named arrays. */
import * as tf from '@tensorflow/tfjs-core';
import type { Model } from '../model/types.ts';
import type { FlatOptimizer, NamedArray } from './optimizers.ts';

/** Model parameters as `params/<id>`, BN buffers as `buffers/<id>`, optimizer slots as `optimizer/<id>.<slot>`. */
export async function captureTensors(model: Model, optimizer: FlatOptimizer): Promise<NamedArray[]> {
  const out: NamedArray[] = [];
  for (const [prefix, vars] of [['params', model.params], ['buffers', model.buffers]] as const) {
    for (const [id, v] of vars) out.push({ name: `${prefix}/${id}`, shape: v.shape, data: Float32Array.from(await v.data()) });
  }
  const opt = await optimizer.state();
  for (const s of opt.slots) out.push({ ...s, name: `optimizer/${s.name}` });
  return out;
}

/** Assigns captured arrays to the model's variables and the optimizer; names every missing or misshapen tensor. */
export function restoreTensors(model: Model, optimizer: FlatOptimizer, tensors: readonly NamedArray[], optimizerStep: number): void {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const problems: string[] = [];
  const assignments: [tf.Variable, NamedArray][] = [];
  for (const [prefix, vars] of [['params', model.params], ['buffers', model.buffers]] as const) {
    for (const [id, v] of vars) {
      const t = byName.get(`${prefix}/${id}`);
      if (t === undefined) problems.push(`missing ${prefix}/${id}`);
      else if (t.shape.join() !== v.shape.join()) problems.push(`${prefix}/${id} has shape [${t.shape}], the model wants [${v.shape}]`);
      else assignments.push([v, t]);
    }
  }
  if (problems.length > 0) throw new Error(`The checkpoint does not fit the model: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}.`);
  const slots = tensors.filter((t) => t.name.startsWith('optimizer/')).map((t) => ({ ...t, name: t.name.slice('optimizer/'.length) }));
  optimizer.setState({ step: optimizerStep, slots });
  tf.tidy(() => {
    for (const [v, t] of assignments) v.assign(tf.tensor(t.data, [...t.shape], v.dtype));
  });
}
