import { describe, expect, it } from 'vitest';
import { configFromOptions, describeModel, detectConfig, paramSpecs, presetConfig, type ModelConfig, type TensorShapes } from '../../../src/core/model/index.ts';

/** The keys and shapes PyTorch's state_dict() of `config` has (with BatchNorm's num_batches_tracked, as PyTorch saves it). */
function stateShapes(config: ModelConfig): Map<string, readonly number[]> {
  const m = new Map(paramSpecs(config).map((s) => [s.torchKey, s.torchShape] as const));
  for (const k of [...m.keys()].filter((k) => k.endsWith('.running_var'))) m.set(k.replace('running_var', 'num_batches_tracked'), []);
  return m;
}

const same = (a: ModelConfig, b: ModelConfig) => {
  const strip = ({ seed: _s, bnInference: _b, ...rest }: ModelConfig) => rest;
  expect(strip(a)).toEqual(strip(b));
};

describe('detectConfig: the network from the keys and shapes alone', () => {
  it.each(['resnet20', 'resnet32', 'resnet44', 'resnet56', 'resnet110', 'resnet200'])('recognises %s (option B, biased stem)', (name) => {
    const d = detectConfig(stateShapes(presetConfig(name)));
    expect(d.kind).toBe('model');
    if (d.kind !== 'model') return;
    same(d.config, presetConfig(name));
    expect(d.basis).toBe('tensors');
  });

  it('says "ResNet-56, projection shortcuts, 855,786 parameters" (the count from core)', () => {
    expect(describeModel(presetConfig('resnet56'))).toBe('ResNet-56, projection shortcuts, 855,786 parameters');
    expect(describeModel(presetConfig('plain56'))).toBe('plain-56, no shortcuts, 853,034 parameters');
    expect(describeModel(presetConfig('resnet20-a'))).toBe('ResNet-20, identity + zero-padding shortcuts (option A), 269,722 parameters');
  });

  it('reads the stem bias, widths and partial projections', () => {
    const noBias = configFromOptions({ model: 'resnet32', stemBias: 'false', widths: '8,16,32' });
    const d = detectConfig(stateShapes(noBias));
    expect(d.kind === 'model' && d.config).toMatchObject({ stemBias: false, widths: [8, 16, 32], blocksPerStage: 5 });
    const partial = configFromOptions({ model: 'resnet20', skips: '1,1,1,0,1,1,1,1,1' });
    const p = detectConfig(stateShapes(partial));
    expect(p.kind).toBe('model');
    if (p.kind === 'model') {
      expect(p.config.skips).toEqual([true, true, true, false, true, true, true, true, true]);
      expect(p.notes.join(' ')).toMatch(/identity shortcut have no weights/);
    }
  });

  it('asks between plain and option A when nothing in the file decides, and says why', () => {
    for (const name of ['plain56', 'resnet56-a', 'plain20', 'resnet110-a']) {
      const d = detectConfig(stateShapes(presetConfig(name)));
      expect(d.kind).toBe('choice');
      if (d.kind !== 'choice') continue;
      expect(d.candidates.map((c) => (c.skips === 'none' ? 'plain' : c.shortcut))).toEqual(['plain', 'zeropad']);
      expect(d.reason).toMatch(/plain net as well as a residual net with identity \+ zero-padding shortcuts/);
    }
  });

  it('lets the metadata the site writes decide (config JSON, or a preset name)', () => {
    const a = presetConfig('resnet56-a', { seed: 7 });
    const byConfig = detectConfig(stateShapes(a), { config: JSON.stringify(a) });
    expect(byConfig).toMatchObject({ kind: 'model', basis: 'metadata', config: a });
    const byName = detectConfig(stateShapes(presetConfig('plain56')), { model: 'plain56' });
    expect(byName.kind === 'model' && byName.config.skips).toBe('none');
    // Metadata that contradicts the tensors is reported and overruled.
    const wrong = detectConfig(stateShapes(presetConfig('resnet56')), { model: 'resnet20' });
    expect(wrong.kind === 'model' && wrong.config.blocksPerStage).toBe(9);
    expect(wrong.kind === 'model' && wrong.notes.join(' ')).toMatch(/metadata \(model\) names ResNet-20.*the tensors decide/);
  });
});

describe('detectConfig: what it cannot use, said precisely', () => {
  it('names a missing tensor and a mis-shaped one', () => {
    const missing = stateShapes(presetConfig('resnet56'));
    missing.delete('body.17.b2.running_var');
    const m = detectConfig(missing);
    expect(m).toEqual({ kind: 'error', message: expect.stringMatching(/looks like ResNet-56.*'?body\.17\.b2\.running_var'? is missing/) });
    const shaped = stateShapes(presetConfig('resnet56'));
    shaped.set('body.4.c2.weight', [16, 16, 3, 1]);
    expect(detectConfig(shaped)).toEqual({ kind: 'error', message: expect.stringMatching(/'body\.4\.c2\.weight' has shape \[16, 16, 3, 1\] where it needs \[16, 16, 3, 3\]/) });
    const noConv = stateShapes(presetConfig('resnet20'));
    noConv.delete('body.5.c1.weight');
    expect(detectConfig(noConv)).toMatchObject({ kind: 'error', message: expect.stringMatching(/'body\.5\.c1\.weight' is missing/) });
  });

  it('says an ImageNet ResNet is not a CIFAR net', () => {
    const imagenet: TensorShapes = new Map<string, readonly number[]>([
      ['conv1.weight', [64, 3, 7, 7]], ['bn1.weight', [64]], ['layer1.0.conv1.weight', [64, 64, 3, 3]],
      ['layer4.1.conv2.weight', [512, 512, 3, 3]], ['fc.weight', [1000, 512]], ['fc.bias', [1000]],
    ]);
    expect(detectConfig(imagenet)).toMatchObject({ kind: 'error', message: expect.stringMatching(/ImageNet ResNet state dict.*layer1\.\.layer4, fc with 1000 classes.*not a CIFAR-10 net/) });
  });

  it('explains other layouts, DataParallel prefixes, other class counts and empty files', () => {
    const cifarOther = new Map<string, readonly number[]>([['conv1.weight', [16, 3, 3, 3]], ['layer1.0.conv1.weight', [16, 16, 3, 3]], ['linear.weight', [10, 64]]]);
    expect(detectConfig(cifarOther)).toMatchObject({ message: expect.stringMatching(/another CIFAR ResNet implementation's layout/) });
    const wrapped = new Map([...stateShapes(presetConfig('resnet20'))].map(([k, v]) => [`module.${k}`, v] as const));
    expect(detectConfig(wrapped)).toMatchObject({ message: expect.stringMatching(/model\.module\.state_dict\(\)/) });
    const hundred = stateShapes(presetConfig('resnet20', { numClasses: 100 }));
    expect(detectConfig(hundred)).toMatchObject({ message: expect.stringMatching(/100 outputs; CIFAR-10 has 10 classes/) });
    expect(detectConfig(new Map())).toMatchObject({ message: 'The file holds no tensors.' });
    expect(detectConfig(new Map([['weight', [3]]]))).toMatchObject({ message: expect.stringMatching(/No 'stem\.0\.weight' among the 1 tensors \(weight\)/) });
  });
});
