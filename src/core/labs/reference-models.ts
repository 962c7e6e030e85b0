/**
 * The ready-trained networks the labs can load, one entry each: adding a model (e.g. the 56-layer nets being trained)
 * is one line here. Weights are PyTorch safetensors in public/models (served at /models/<file>).
 */

export interface ReferenceModel {
  /** Stable id, also the file name without extension. */
  readonly id: string;
  /** Preset of core/model/config.ts the weights belong to, e.g. 'resnet20', 'plain20'. */
  readonly preset: string;
  readonly family: 'resnet' | 'plain';
  readonly depth: number;
  /** Epochs of training (SGD, the reference recipe, PyTorch on a GPU). */
  readonly epochs: number;
  /** Display name, e.g. 'ResNet-20'. */
  readonly label: string;
}

export const REFERENCE_MODELS: readonly ReferenceModel[] = [
  { id: 'resnet20_sgd30', preset: 'resnet20', family: 'resnet', depth: 20, epochs: 30, label: 'ResNet-20' },
  { id: 'plain20_sgd15', preset: 'plain20', family: 'plain', depth: 20, epochs: 15, label: 'plain-20' },
];

/** The URL the site serves a reference model's weights at. */
export function referenceModelUrl(m: ReferenceModel): string {
  return `/models/${m.id}.safetensors`;
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
