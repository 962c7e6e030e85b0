/**
 * The trained networks the "why it works" labs (layer responses, lesion) offer: one row per network, so adding the
 * 56-layer reference models once they are trained is one entry here. Weights are PyTorch-layout safetensors served from
 * public/models; `run` names the recorded run in src/data/reference_runs.json.
 */
import { presetConfig } from '../model/config.ts';
import type { ModelConfig } from '../model/types.ts';

export interface LabNet {
  /** Stable key (URL value, series id), the recorded run's name. */
  readonly key: string;
  /** How the figures and prose name it, e.g. 'ResNet-20'. */
  readonly label: string;
  /** Model preset of src/core/model/config.ts. */
  readonly preset: string;
  readonly residual: boolean;
  readonly depth: number;
  /** Epochs it was trained for (the paper's SGD recipe, scaled to this many epochs). */
  readonly epochs: number;
  /** Where the site serves its weights. */
  readonly weightsUrl: string;
}

export const LAB_NETS: readonly LabNet[] = [
  { key: 'resnet20_sgd30', label: 'ResNet-20', preset: 'resnet20', residual: true, depth: 20, epochs: 30, weightsUrl: '/models/resnet20_sgd30.safetensors' },
  { key: 'plain20_sgd15', label: 'plain-20', preset: 'plain20', residual: false, depth: 20, epochs: 15, weightsUrl: '/models/plain20_sgd15.safetensors' },
];

/** The reader's own model (src/client/labs/my-model.ts: sent from the train lab or uploaded to the stepper), offered when one is stored; its network comes with it. */
export const MY_NET: LabNet = {
  key: 'mine', label: 'my model', preset: 'resnet20', residual: true, depth: 20, epochs: Number.NaN, weightsUrl: '',
};

/** How the labs name the reader's model in charts: 'my model (ResNet-56)'. */
export function myNetLabel(name: string): string {
  return `${MY_NET.label} (${name})`;
}

/** The row with this key (the reader's own model included); throws naming the keys there are. */
export function labNet(key: string): LabNet {
  const net = key === MY_NET.key ? MY_NET : LAB_NETS.find((n) => n.key === key);
  if (!net) throw new Error(`No network '${key}': choose one of ${[...LAB_NETS.map((n) => n.key), MY_NET.key].join(', ')}.`);
  return net;
}

/** The ModelConfig of a row (BN with running statistics, as the nets were evaluated). */
export function labNetConfig(net: LabNet): ModelConfig {
  return presetConfig(net.preset);
}

/** "ResNet-20 (30 epochs)": the label with its training length, where known. */
export function labNetTitle(net: LabNet): string {
  return Number.isFinite(net.epochs) ? `${net.label} (${net.epochs} epochs)` : net.label;
}
