/**
 * Every parameter and buffer of a configuration, with its id, PyTorch key and shapes in both layouts. Pure data:
 * the model creates its variables from it, weight import/export maps keys and transposes with it.
 */
import { planBlocks } from './architecture.ts';
import { torchKey, type ParamRole } from './naming.ts';
import type { ModelConfig } from './types.ts';

/** Layout of a tensor: conv [kh,kw,in,out] (PyTorch [out,in,kh,kw]), dense [in,out] (PyTorch [out,in]), or a vector. */
export type ParamLayout = 'conv' | 'dense' | 'vector';

export interface ParamSpec {
  /** Stable id, e.g. 'stage2.block0.conv1.weight'. */
  readonly id: string;
  /** PyTorch state-dict key, e.g. 'body.3.c1.weight'. */
  readonly torchKey: string;
  readonly role: ParamRole;
  readonly layout: ParamLayout;
  /** Shape in this library's layout (NHWC convs). */
  readonly shape: readonly number[];
  /** Shape in PyTorch's layout. */
  readonly torchShape: readonly number[];
  /** false for BN running statistics (buffers). */
  readonly trainable: boolean;
  /** Fan-in and fan-out of the layer (for initialisation). */
  readonly fanIn: number;
  readonly fanOut: number;
}

const BN_ROLES: readonly ParamRole[] = ['gamma', 'beta', 'running_mean', 'running_var'];

function convSpecs(layer: string, k: number, cin: number, cout: number, bias: boolean, n: number): ParamSpec[] {
  const fan = { fanIn: cin * k * k, fanOut: cout * k * k };
  const specs: ParamSpec[] = [
    { id: `${layer}.weight`, torchKey: '', role: 'weight', layout: 'conv', shape: [k, k, cin, cout], torchShape: [cout, cin, k, k], trainable: true, ...fan },
  ];
  if (bias) specs.push({ id: `${layer}.bias`, torchKey: '', role: 'bias', layout: 'vector', shape: [cout], torchShape: [cout], trainable: true, ...fan });
  return specs.map((s) => ({ ...s, torchKey: torchKey(s.id, n) }));
}

function bnSpecs(layer: string, c: number, n: number): ParamSpec[] {
  return BN_ROLES.map((role) => {
    const id = `${layer}.${role}`;
    const trainable = role === 'gamma' || role === 'beta';
    return { id, torchKey: torchKey(id, n), role, layout: 'vector', shape: [c], torchShape: [c], trainable, fanIn: c, fanOut: c };
  });
}

/** All parameters and buffers in forward order (stem, blocks, fc). */
export function paramSpecs(config: ModelConfig): ParamSpec[] {
  const n = config.blocksPerStage;
  const w0 = config.widths[0]!;
  const specs = [...convSpecs('stem.conv', 3, config.inputChannels, w0, config.stemBias, n), ...bnSpecs('stem.bn', w0, n)];
  for (const b of planBlocks(config)) {
    if (b.shortcut === 'projection') {
      specs.push(...convSpecs(`${b.id}.shortcut.conv`, 1, b.inChannels, b.outChannels, false, n), ...bnSpecs(`${b.id}.shortcut.bn`, b.outChannels, n));
    }
    specs.push(
      ...convSpecs(`${b.id}.conv1`, 3, b.inChannels, b.outChannels, false, n), ...bnSpecs(`${b.id}.bn1`, b.outChannels, n),
      ...convSpecs(`${b.id}.conv2`, 3, b.outChannels, b.outChannels, false, n), ...bnSpecs(`${b.id}.bn2`, b.outChannels, n),
    );
  }
  const last = config.widths[config.widths.length - 1]!;
  const fan = { fanIn: last, fanOut: config.numClasses };
  specs.push(
    { id: 'fc.weight', torchKey: 'fc.weight', role: 'weight', layout: 'dense', shape: [last, config.numClasses], torchShape: [config.numClasses, last], trainable: true, ...fan },
    { id: 'fc.bias', torchKey: 'fc.bias', role: 'bias', layout: 'vector', shape: [config.numClasses], torchShape: [config.numClasses], trainable: true, ...fan },
  );
  return specs;
}

/** Number of trainable parameters (what torchsummary and the tutorial report). */
export function countParams(config: ModelConfig): number {
  return paramSpecs(config).filter((s) => s.trainable).reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1), 0);
}
