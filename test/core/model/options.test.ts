import { describe, expect, it } from 'vitest';
import { configFromOptions, countParams, describeConfig, presetConfig } from '../../../src/core/model/index.ts';

describe('configuration from string options (CLI flags, URL parameters)', () => {
  it('defaults to the tutorial ResNet-20 and keeps a preset family when the depth changes', () => {
    expect(configFromOptions({})).toEqual(presetConfig('resnet20'));
    expect(configFromOptions({ model: 'resnet20-a', depth: '56' })).toEqual(presetConfig('resnet56-a'));
    expect(configFromOptions({ model: 'plain20', depth: '110' })).toEqual(presetConfig('plain110'));
  });

  it('applies widths, shortcut, skips, stem bias and classes', () => {
    const c = configFromOptions({ model: 'resnet20', widths: '8,16,32', shortcut: 'zeropad', skips: '1,1,1,0,1,1,1,1,1', stemBias: 'false', classes: '100' });
    expect(c).toMatchObject({ widths: [8, 16, 32], shortcut: 'zeropad', stemBias: false, numClasses: 100 });
    expect(c.skips).toEqual([true, true, true, false, true, true, true, true, true]);
    expect(describeConfig(c)).toMatch(/^resnet20-a \(custom: widths 8\/16\/32, skips 111011111, stem bias false, 100 classes\)$/);
    expect(countParams(configFromOptions({ model: 'resnet20', depth: '56' }))).toBe(855_786);
  });

  it('names the preset for standard configurations', () => {
    for (const name of ['resnet20', 'resnet110-a', 'plain56']) expect(describeConfig(presetConfig(name))).toBe(name);
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ model: 'resnet19' }, /6n\+2/],
    [{ depth: 'twenty' }, /--depth must be an integer, got "twenty"/],
    [{ widths: '16,,64' }, /--widths must be an integer/],
    [{ shortcut: 'B' }, /--shortcut must be projection \(option B\) or zeropad \(option A\), got "B"/],
    [{ skips: 'yes' }, /--skips must be all, none, or 0\/1 per block/],
    [{ stemBias: '1' }, /--stem-bias must be true or false/],
    [{ classes: '0' }, /numClasses must be a positive integer/],
  ])('rejects %o with a message naming the option', (o, message) => {
    expect(() => configFromOptions(o)).toThrow(message);
  });
});
