import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkManifest, evalChoiceName, evalChoices, provenance, publishedModel, withModel, type PublishedModel } from '../../../src/core/models/manifest.ts';
import { presetConfig } from '../../../src/core/model/index.ts';
import manifestJson from '../../../src/data/models.json';
import runs from '../../../src/data/reference_runs.json';

const manifest = checkManifest(manifestJson);

describe('the site\'s models manifest (src/data/models.json)', () => {
  it('is valid, and every entry\'s preset builds and its weights are in public/', () => {
    expect(manifest.models.length).toBeGreaterThan(0);
    for (const m of manifest.models) {
      expect(() => presetConfig(m.preset)).not.toThrow();
      expect(existsSync(`public${m.weights}`), m.weights).toBe(true);
      if (m.curves.startsWith('/')) expect(existsSync(`public${m.curves}`), m.curves).toBe(true);
    }
  });

  it('states the PyTorch runs as reference_runs.json records them', () => {
    for (const m of manifest.models.filter((e) => e.trainedBy === 'pytorch')) {
      const name = m.curves.split('#')[1]!;
      const run = runs.results.find((r) => r.name === name)!;
      expect(run, name).toBeDefined();
      expect([m.epochs, m.trainingSeconds, m.finalValAccuracy]).toEqual([run.epochs, run.seconds, run.curve.at(-1)!.val_acc]);
    }
  });

  it('says who trained each model', () => {
    expect(provenance(publishedModel(manifest, 'resnet20_sgd30'))).toBe('trained with PyTorch 2.11.0+cu130 (bf16 autocast) on one NVIDIA H200, 30 epochs');
    const mine: PublishedModel = { ...publishedModel(manifest, 'resnet20_sgd30'), id: 'x', trainedBy: 'resnet-lab', framework: 'ResNet Lab' };
    expect(provenance(mine)).toMatch(/^trained by this site's own engine \(ResNet Lab\) with npm run train, 30 epochs$/);
  });
});

describe('the evaluation figure\'s choices', () => {
  it('offer every published model, the chapter\'s reference first, named by who trained it', () => {
    const choices = evalChoices(manifest, 'resnet20_sgd30');
    expect(choices[0]!.id).toBe('resnet20_sgd30');
    expect(choices.map((m) => m.id).sort()).toEqual(manifest.models.map((m) => m.id).sort());
    expect(evalChoiceName(choices[0]!)).toBe('the ResNet-20 trained with PyTorch on a GPU (30 epochs)');
    expect(evalChoiceName({ ...choices[0]!, trainedBy: 'resnet-lab' })).toBe("the ResNet-20 trained by this site's own engine (30 epochs)");
    expect(() => evalChoices(manifest, 'nope')).toThrow(/No published model "nope"/);
  });
});

describe('checkManifest', () => {
  const good = publishedModel(manifest, 'resnet20_sgd30');
  const wrap = (models: unknown[]) => ({ format: 'resnet-lab-models', models });

  it('names the entry and the field that is wrong', () => {
    expect(() => checkManifest({ models: [] })).toThrow(/Not a models manifest/);
    expect(() => checkManifest(wrap([{ ...good, testAccuracy: 88.3 }]))).toThrow(/models\[0\] \(resnet20_sgd30\): "testAccuracy" must be a fraction/);
    expect(() => checkManifest(wrap([{ ...good, weights: '' }]))).toThrow(/"weights" must be a non-empty string/);
    expect(() => checkManifest(wrap([{ ...good, trainedBy: 'keras' }]))).toThrow(/"trainedBy" must be/);
    expect(() => checkManifest(wrap([good, good]))).toThrow(/appears twice/);
    expect(() => publishedModel(manifest, 'nope')).toThrow(/No published model "nope" \(have: .*resnet20_sgd30/);
  });

  it('withModel replaces an entry of the same id and keeps ids in order', () => {
    const next = withModel(manifest, { ...good, id: 'aaa' });
    expect(next.models.map((m) => m.id)).toEqual([...manifest.models.map((m) => m.id), 'aaa'].sort());
    const again = withModel(next, { ...good, id: 'aaa', testAccuracy: 0.5 });
    expect(again.models.filter((m) => m.id === 'aaa').map((m) => m.testAccuracy)).toEqual([0.5]);
  });
});

describe('the labs\' networks (core/labs/lab-nets.ts)', () => {
  it('are models of the manifest, with its preset, label, epochs and weights', async () => {
    const { LAB_NETS } = await import('../../../src/core/labs/lab-nets.ts');
    for (const n of LAB_NETS) {
      const m = publishedModel(manifest, n.key);
      expect([n.preset, n.label, n.epochs, n.weightsUrl]).toEqual([m.preset, m.label, m.epochs, m.weights]);
    }
  });
});
