/**
 * The layers of the residual blocks the "Beyond ResNet-20" chapter compares, as data with their parameter counts:
 * the basic block (two 3×3 convolutions) in the paper's post-activation order and in the pre-activation order of
 * He et al. 2016b, and the bottleneck block (1×1, 3×3, 1×1) of ResNet-50/101/152. Convolutions have no bias, as in
 * the paper's blocks; BatchNorm has γ and β per channel.
 */
import { countParams } from './params.ts';
import { presetConfig } from './config.ts';

export type VariantLayerKind = 'conv' | 'bn' | 'relu';

/** One layer of a residual branch F(x), in order. `channels` is the layer's output width. */
export interface VariantLayer {
  readonly id: string;
  readonly kind: VariantLayerKind;
  /** Kernel size k of a k×k convolution (0 for BN and ReLU). */
  readonly kernel: number;
  readonly cin: number;
  readonly channels: number;
  readonly params: number;
}

/** Weights of a k×k convolution from cin to cout channels, without bias. */
export function convParams(kernel: number, cin: number, cout: number): number {
  return kernel * kernel * cin * cout;
}

/** Trainable parameters of a BatchNorm over `channels` channels (γ and β). */
export function batchNormParams(channels: number): number {
  return 2 * channels;
}

function checkWidth(name: string, n: number): void {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number of channels, got ${n}.`);
}

const conv = (id: string, kernel: number, cin: number, cout: number): VariantLayer =>
  ({ id, kind: 'conv', kernel, cin, channels: cout, params: convParams(kernel, cin, cout) });
const bn = (id: string, c: number): VariantLayer => ({ id, kind: 'bn', kernel: 0, cin: c, channels: c, params: batchNormParams(c) });
const relu = (id: string, c: number): VariantLayer => ({ id, kind: 'relu', kernel: 0, cin: c, channels: c, params: 0 });

/**
 * The residual branch of a basic block on `channels` channels (stride 1, identity shortcut). 'post': conv-BN-ReLU-conv-BN,
 * then the addition and a ReLU after it (He et al. 2016); 'pre': BN-ReLU-conv-BN-ReLU-conv, then the addition and
 * nothing after it (He et al. 2016b). The ReLU after the addition of 'post' is not part of F(x) and is not listed.
 */
export function basicBlockLayers(channels: number, order: 'post' | 'pre' = 'post'): VariantLayer[] {
  checkWidth('A basic block', channels);
  const c = channels;
  if (order === 'pre') return [bn('bn1', c), relu('relu1', c), conv('conv1', 3, c, c), bn('bn2', c), relu('relu2', c), conv('conv2', 3, c, c)];
  return [conv('conv1', 3, c, c), bn('bn1', c), relu('relu1', c), conv('conv2', 3, c, c), bn('bn2', c)];
}

/**
 * The residual branch of a bottleneck block on `channels` channels whose 3×3 layer has `width` channels (ResNet-50's
 * first stage: 256 and 64): 1×1 conv reducing to `width`, BN, ReLU, 3×3 conv, BN, ReLU, 1×1 conv restoring `channels`, BN.
 */
export function bottleneckBlockLayers(channels: number, width: number): VariantLayer[] {
  checkWidth('A bottleneck block', channels);
  checkWidth('The bottleneck width', width);
  return [
    conv('conv1', 1, channels, width), bn('bn1', width), relu('relu1', width),
    conv('conv2', 3, width, width), bn('bn2', width), relu('relu2', width),
    conv('conv3', 1, width, channels), bn('bn3', channels),
  ];
}

/** Trainable parameters of a list of layers. */
export function layersParams(layers: readonly VariantLayer[]): number {
  return layers.reduce((s, l) => s + l.params, 0);
}

/** Multiply-adds of the convolutions per output position (each layer keeps the map size, stride 1). */
export function multiplyAddsPerPosition(layers: readonly VariantLayer[]): number {
  return layers.filter((l) => l.kind === 'conv').reduce((s, l) => s + l.params, 0);
}

/** Trainable parameters of a CIFAR-10 ResNet of depth 6n+2 with option-A shortcuts (the paper's Table 6 nets). */
export function cifarResNetParams(depth: number): number {
  if (!Number.isInteger(depth) || depth < 8 || (depth - 2) % 6 !== 0) throw new Error(`A CIFAR ResNet has depth 6n+2 (20, 32, ..., 1202), got ${depth}.`);
  return countParams({ ...presetConfig('resnet20-a'), blocksPerStage: (depth - 2) / 6 });
}

const basic64 = basicBlockLayers(64);
const bottleneck256 = bottleneckBlockLayers(256, 64);

/**
 * The comparison of the paper's Fig. 5 (both blocks on 56×56 maps): a basic block on 64 channels (ResNet-34) against a
 * bottleneck block on 256 channels reduced to 64 (ResNet-50), and what a projection shortcut (1×1 conv 256 → 256 + BN)
 * on the bottleneck block would add.
 */
export const BLOCK_VARIANT_COUNTS = {
  basic64: layersParams(basic64),
  bottleneck256: layersParams(bottleneck256),
  basic64MultiplyAdds: multiplyAddsPerPosition(basic64),
  bottleneck256MultiplyAdds: multiplyAddsPerPosition(bottleneck256),
  bottleneckProjection: convParams(1, 256, 256) + batchNormParams(256),
  /** The paper's CIFAR-10 nets at the depths the chapter discusses (option A, no stem bias). */
  resnet110: cifarResNetParams(110),
  resnet1202: cifarResNetParams(1202),
} as const;
