/**
 * The settings tables of the block stepper, the training lab, the gradient-flow and landscape labs, and the list of
 * lab pages with the chapter each is linked from. Pure data, read through settings.ts.
 */
import { GRID_SIZES } from './landscape-grid.ts';
import { pairedDepths } from './reference-models.ts';
import { PAPER_DEPTHS } from '../model/config.ts';
import { choiceSetting, intSetting, numberSetting, type SettingsTable } from './settings.ts';

/** The block stepper: which test image, which network, which block and which stage of it. */
export interface StepperSettings {
  /** Index into the 10,000 CIFAR-10 test images. */
  readonly img: number;
  readonly net: 'resnet20' | 'plain20' | 'mine';
  /** Global block index 0..8 of a 20-layer net (stage = block div 3). */
  readonly block: number;
  /** Index into the stages of a block: x, conv1, bn1, relu1, conv2, bn2, shortcut, sum, out. */
  readonly stage: number;
  /** 'on': the same block and stage of the other trained net (plain-20 beside ResNet-20) is shown alongside. */
  readonly compare: 'on' | 'off';
}

export const stepperTable: SettingsTable<StepperSettings> = {
  img: intSetting('img', 'Test image', 0, 0, 9999),
  net: choiceSetting('net', 'Network', 'resnet20', ['resnet20', 'plain20', 'mine'] as const),
  // Any depth: the stepper clamps to the loaded net's blocks (ResNet-1202 has 600).
  block: intSetting('block', 'Block', 3, 0, 599),
  stage: intSetting('stage', 'Stage', 0, 0, 8),
  compare: choiceSetting('compare', 'Compare with the other net', 'off', ['off', 'on'] as const),
};

/** Full ResNet-20 training: the tutorial's Adam recipe or the paper's SGD recipe. */
export interface TrainSettings {
  readonly recipe: 'adam' | 'sgd';
  readonly seed: number;
  readonly epochs: number;
  readonly batch: number;
  /** Training images used from the 45,000 (all by default; fewer for a quick look). */
  readonly train: number;
  /** Early stopping (Adam recipe): stop after this many validation checks without improvement (the tutorial: 5). */
  readonly patience: number;
  /** Test images for the final evaluation (all 10,000 by default). */
  readonly test: number;
  /** 'auto': WebGL on a real GPU, WASM where WebGL would be software-rendered. */
  readonly backend: 'auto' | 'webgl' | 'wasm' | 'cpu';
}

export const trainTable: SettingsTable<TrainSettings> = {
  recipe: choiceSetting('recipe', 'Recipe', 'adam', ['adam', 'sgd'] as const),
  seed: intSetting('seed', 'Seed', 1, 0, 2 ** 31 - 1),
  epochs: intSetting('epochs', 'Epochs at most', 50, 1, 200),
  batch: intSetting('batch', 'Batch size', 128, 8, 512),
  train: intSetting('train', 'Training images', 45000, 128, 45000),
  patience: intSetting('patience', 'Early-stopping patience (checks)', 5, 0, 100),
  test: intSetting('test', 'Test images for the final evaluation', 10000, 100, 10000),
  backend: choiceSetting('backend', 'Backend', 'auto', ['auto', 'webgl', 'wasm', 'cpu'] as const),
};

/** The gradient-flow lab: plain-d against ResNet-d at their seeded initialisation (and trained, where the table has both). */
export interface GradientFlowSettings {
  readonly depth: 20 | 32 | 44 | 56 | 110;
  /** Seed of the initialisation. */
  readonly seed: number;
  /** Training images in the one batch the gradients are taken on (the first ones, no augmentation). */
  readonly images: number;
}

export const gradientFlowTable: SettingsTable<GradientFlowSettings> = {
  depth: choiceSetting('depth', 'Depth (6n+2)', 56, PAPER_DEPTHS),
  seed: intSetting('seed', 'Seed of the initialisation', 1, 0, 2 ** 31 - 1),
  // 64 keeps ResNet-110's backward pass inside WebAssembly's memory (128 images exhaust it).
  images: intSetting('images', 'Images in the batch', 64, 4, 64),
};

/** The landscape lab: a 2-D slice of the training loss around the trained plain net and ResNet of one depth. */
export interface LandscapeSettings {
  readonly depth: number;
  /** Seed of the two random directions. */
  readonly seed: number;
  /** Grid points per side. */
  readonly size: (typeof GRID_SIZES)[number];
  /** The slice covers [-span, span]^2 in units of the filter-normalised directions. */
  readonly span: number;
  /** Training images the loss averages over (the first ones, no augmentation). */
  readonly images: number;
}

export const landscapeTable: SettingsTable<LandscapeSettings> = {
  depth: choiceSetting('depth', 'Depth', pairedDepths()[0] ?? 20, pairedDepths()),
  seed: intSetting('seed', 'Seed of the directions', 1, 0, 2 ** 31 - 1),
  size: choiceSetting('grid', 'Grid points per side', 17, GRID_SIZES),
  span: numberSetting('span', 'Half-width of the slice', 1, 0.05, 4),
  images: intSetting('images', 'Training images', 64, 8, 1024),
};

/** The lab pages, and the chapter (src/core/chapters.ts href) from which each should be linked. */
export const labPages: readonly { readonly href: string; readonly title: string; readonly fromChapter: string }[] = [
  { href: '/labs/degradation', title: 'Lab: plain vs residual, side by side', fromChapter: '/motivation' },
  { href: '/labs/block-stepper', title: 'Lab: a block, step by step', fromChapter: '/architecture' },
  { href: '/labs/train', title: 'Lab: train ResNet-20 on CIFAR-10', fromChapter: '/training' },
  { href: '/labs/layer-responses', title: 'Lab: how much each layer responds (Figure 7)', fromChapter: '/why-it-works' },
  { href: '/labs/lesion', title: 'Lab: delete blocks from a trained net', fromChapter: '/why-it-works' },
  { href: '/labs/gradient-flow', title: 'Lab: gradients through depth', fromChapter: '/why-it-works' },
  { href: '/labs/landscape', title: 'Lab: the loss landscape around a trained net', fromChapter: '/why-it-works' },
];
