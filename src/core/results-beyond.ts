/**
 * What the papers report that the "Beyond ResNet-20" chapter quotes, as the papers print them (strings, so 7.40 stays
 * 7.40), each with where it is printed. Checked against the texts: He et al. 2016 (arXiv:1512.03385) sections 4.1 and
 * 4.2, Tables 3 and 6; He et al. 2016b (arXiv:1603.05027) abstract; Vaswani et al. 2017 section 3.1.
 */

/** One row of He et al. 2016, Table 3: ImageNet validation error (%, 10-crop testing). Names keep the option on the net's line (no-break space). */
export interface ImageNetRow {
  readonly model: string;
  readonly top1: string;
  readonly top5: string;
}

/** He et al. 2016, Table 3 (the 34-layer nets and the bottleneck nets; VGG, GoogLeNet and PReLU-net rows left out). */
export const PAPER_TABLE3 = {
  plain34: { model: 'plain-34', top1: '28.54', top5: '10.02' },
  resnet34A: { model: 'ResNet-34\u00a0A', top1: '25.03', top5: '7.76' },
  resnet34B: { model: 'ResNet-34\u00a0B', top1: '24.52', top5: '7.46' },
  resnet34C: { model: 'ResNet-34\u00a0C', top1: '24.19', top5: '7.40' },
  resnet50: { model: 'ResNet-50', top1: '22.85', top5: '6.71' },
  resnet101: { model: 'ResNet-101', top1: '21.75', top5: '6.05' },
  resnet152: { model: 'ResNet-152', top1: '21.43', top5: '5.71' },
} as const satisfies Record<string, ImageNetRow>;

/** He et al. 2016, section 4.1: complexity of the deeper nets (billions of FLOPs, as printed). */
export const PAPER_FLOPS = { resnet50: '3.8', resnet152: '11.3', vgg16: '15.3', vgg19: '19.6' } as const;

/** He et al. 2016, section 4.2: ResNet-110's warm-up on CIFAR-10, and ResNet-1202 (Table 6). */
export const PAPER_DEEP_CIFAR = {
  warmupLr: '0.01',
  warmupUntilTrainingError: '80%',
  warmupIterations: '400',
  lr: '0.1',
  resnet1202TestError: '7.93',
  resnet1202Params: '19.4M',
  resnet1202TrainingError: '<0.1%',
} as const;

/** He et al. 2016b, abstract: the 1001-layer pre-activation ResNet's CIFAR-10 test error (%). */
export const PREACT_RESNET1001_ERROR = '4.62';
