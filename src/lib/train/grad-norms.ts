/**
 * Gradient norms per unit (stem, each block, fc) taken from a training step's own gradients: no second backward
 * pass. A loop arms the probe before the step whose gradients it wants and reads the kept norms back at its own
 * reporting cadence, so the other steps pay nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { paramUnit, paramUnits } from '../../core/model/naming.ts';

/** Parameter ids grouped by unit, in forward order (units without trainable parameters are left out). */
export function unitGroups(paramIds: Iterable<string>, blocksPerStage: number): { units: string[]; groups: string[][] } {
  const byUnit = new Map(paramUnits(blocksPerStage).map((u) => [u, [] as string[]]));
  for (const id of paramIds) {
    const list = byUnit.get(paramUnit(id));
    if (!list) throw new Error(`Parameter '${id}' belongs to ${paramUnit(id)}, which a net of ${blocksPerStage} blocks per stage does not have.`);
    list.push(id);
  }
  const kept = [...byUnit].filter(([, ids]) => ids.length > 0);
  return { units: kept.map(([u]) => u), groups: kept.map(([, ids]) => ids) };
}

/** L2 norm of each group's gradients [G], from grads keyed by parameter id (missing gradients count as zero). */
export function groupNorms(grads: ReadonlyMap<string, tf.Tensor>, groups: readonly (readonly string[])[]): tf.Tensor1D {
  return tf.tidy(() => tf.sqrt(tf.stack(groups.map((ids) => {
    const parts = ids.flatMap((id) => {
      const g = grads.get(id);
      return g ? [tf.sum(tf.square(g))] : [];
    });
    return parts.length ? tf.addN(parts) : tf.scalar(0);
  }))) as tf.Tensor1D);
}

/** One net's gradient-norm probe: which groups, whether the next step should measure, and the last norms kept. */
export class GradNormProbe {
  readonly units: readonly string[];
  readonly groups: readonly (readonly string[])[];
  /** Set by the loop before a step whose gradients it wants; the step clears it. */
  armed = false;
  private kept: tf.Tensor1D | null = null;
  private keptStep = -1;

  constructor(paramIds: Iterable<string>, blocksPerStage: number) {
    const { units, groups } = unitGroups(paramIds, blocksPerStage);
    this.units = units;
    this.groups = groups;
  }

  /** Keeps a step's norms (escaping the step's tidy) in place of the earlier ones. */
  take(norms: tf.Tensor1D, step: number): void {
    this.kept?.dispose();
    this.kept = tf.keep(norms);
    this.keptStep = step;
    this.armed = false;
  }

  /** The last kept norms and the step they were measured at, read back once; null when none since the last read. */
  async read(): Promise<{ step: number; norms: Float32Array } | null> {
    const t = this.kept;
    if (t === null) return null;
    this.kept = null;
    try {
      return { step: this.keptStep, norms: (await t.data()) as Float32Array };
    } finally {
      t.dispose();
    }
  }

  dispose(): void {
    this.kept?.dispose();
    this.kept = null;
  }
}
