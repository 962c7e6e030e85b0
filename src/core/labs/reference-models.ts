/**
 * The labs' trained networks seen by family and depth (the gradient-flow and landscape labs pick "the trained ResNet at
 * depth d"): a view of the one table, LAB_NETS in lab-nets.ts, where adding a model is one entry.
 */
import { LAB_NETS } from './lab-nets.ts';

export interface ReferenceModel {
  /** Stable id, also the file name without extension (LabNet.key). */
  readonly id: string;
  /** Preset of core/model/config.ts the weights belong to, e.g. 'resnet20', 'plain20'. */
  readonly preset: string;
  readonly family: 'resnet' | 'plain';
  readonly depth: number;
  /** Epochs of training. */
  readonly epochs: number;
  /** Display name, e.g. 'ResNet-20'. */
  readonly label: string;
}

export const REFERENCE_MODELS: readonly ReferenceModel[] = LAB_NETS.map((n) => ({
  id: n.key, preset: n.preset, family: n.residual ? 'resnet' : 'plain', depth: n.depth, epochs: n.epochs, label: n.label,
}));

/** The URL the site serves a reference model's weights at. */
export function referenceModelUrl(m: ReferenceModel): string {
  const net = LAB_NETS.find((n) => n.key === m.id);
  if (!net) throw new Error(`No lab network '${m.id}'.`);
  return net.weightsUrl;
}

/** The trained model of a family at a depth, if the table has one. */
export function referenceModel(family: 'resnet' | 'plain', depth: number): ReferenceModel | undefined {
  return REFERENCE_MODELS.find((m) => m.family === family && m.depth === depth);
}

/** Depths at which both a trained plain net and a trained ResNet exist (the landscape lab compares them), ascending. */
export function pairedDepths(): number[] {
  const depths = REFERENCE_MODELS.filter((m) => m.family === 'resnet' && referenceModel('plain', m.depth)).map((m) => m.depth);
  return [...new Set(depths)].sort((a, b) => a - b);
}
