import { describe, expect, it } from 'vitest';
import {
  BLOCK_VARIANT_COUNTS, basicBlockLayers, bottleneckBlockLayers, cifarResNetParams, layersParams, multiplyAddsPerPosition,
} from '../../../src/core/model/block-variants.ts';
import { RESNET20_COUNTS } from '../../../src/core/model/counts.ts';

describe('the block variants of the "Beyond ResNet-20" chapter', () => {
  it('counts a 64-channel basic block: two 3×3 convs of 9·64·64 and two BatchNorms of 2·64', () => {
    expect(layersParams(basicBlockLayers(64))).toBe(2 * 9 * 64 * 64 + 2 * 2 * 64);
    expect(BLOCK_VARIANT_COUNTS.basic64).toBe(73_984);
  });

  it('counts a 256-channel bottleneck block reduced to 64 as torchvision ResNet-50 layer1 block 1 (70,400)', () => {
    // 256·64 + 9·64·64 + 64·256 weights, BatchNorms 2·64 + 2·64 + 2·256.
    expect(layersParams(bottleneckBlockLayers(256, 64))).toBe(16_384 + 36_864 + 16_384 + 128 + 128 + 512);
    expect(BLOCK_VARIANT_COUNTS.bottleneck256).toBe(70_400);
  });

  it('gives the two blocks of the paper\'s Fig. 5 similar multiply-adds per position', () => {
    expect(multiplyAddsPerPosition(basicBlockLayers(64))).toBe(73_728);
    expect(multiplyAddsPerPosition(bottleneckBlockLayers(256, 64))).toBe(69_632);
  });

  it('keeps the parameters of a basic block when BN and ReLU move in front of the convolutions', () => {
    const post = basicBlockLayers(16, 'post');
    const pre = basicBlockLayers(16, 'pre');
    expect(layersParams(pre)).toBe(layersParams(post));
    expect(pre.map((l) => l.kind)).toEqual(['bn', 'relu', 'conv', 'bn', 'relu', 'conv']);
    expect(post.map((l) => l.kind)).toEqual(['conv', 'bn', 'relu', 'conv', 'bn']);
  });

  it('reproduces the paper\'s Table 6 sizes of ResNet-20, -110 and -1202 (0.27M, 1.7M, 19.4M)', () => {
    expect(cifarResNetParams(20)).toBe(RESNET20_COUNTS.optionA);
    expect(Math.round(cifarResNetParams(110) / 1e5) / 10).toBe(1.7);
    expect(Math.round(cifarResNetParams(1202) / 1e5) / 10).toBe(19.4);
  });

  it('rejects widths and depths that name no block or network', () => {
    expect(() => basicBlockLayers(0)).toThrow(/positive whole number/);
    expect(() => bottleneckBlockLayers(256, 6.5)).toThrow(/bottleneck width/);
    expect(() => cifarResNetParams(51)).toThrow(/6n\+2/);
  });
});
