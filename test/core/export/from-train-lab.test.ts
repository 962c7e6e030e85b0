import { describe, expect, it } from 'vitest';
import { trainLabExport } from '../../../src/core/export/from-train-lab.ts';
import { buildExperiment } from '../../../src/core/export/experiment.ts';
import { defaultsOf } from '../../../src/core/labs/settings.ts';
import { trainTable } from '../../../src/core/labs/lab-tables.ts';
import { tutorialRecipe, paperRecipe } from '../../../src/core/train/recipes.ts';

const defaults = defaultsOf(trainTable);

describe('the train lab\'s settings as a PyTorch export', () => {
  it('exports the page\'s own recipe, epochs, batch, images and seed for ResNet-20', () => {
    const { request, differences } = trainLabExport({ ...defaults, recipe: 'sgd', epochs: 30, batch: 128, train: 2000, seed: 7 });
    const e = buildExperiment(request);
    expect([e.name, e.seed, e.data.train, e.recipe.name, e.recipe.batchSize]).toEqual(['resnet20', 7, 2000, 'paper, scaled to 30 epochs', 128]);
    expect(e.recipe).toEqual(paperRecipe({ epochs: 30, trainCount: 2000, batchSize: 128 }));
    expect(differences).toEqual([]);
  });

  it('uses all 45,000 images when the page does, and the tutorial recipe for adam', () => {
    const e = buildExperiment(trainLabExport({ ...defaults, recipe: 'adam' }).request);
    expect(e.data.limit).toBeNull();
    expect(e.recipe).toEqual(tutorialRecipe({ epochs: defaults.epochs, batchSize: defaults.batch }));
  });

  it('says what the project cannot carry: another patience, uploaded starting weights', () => {
    expect(trainLabExport({ ...defaults, recipe: 'adam', patience: 2 }).differences).toEqual([expect.stringMatching(/tutorial's patience of 5 checks; this page is set to 2/)]);
    expect(trainLabExport({ ...defaults, recipe: 'sgd', patience: 2 }).differences).toEqual([]);
    expect(trainLabExport(defaults, { startsFromUpload: true }).differences).toEqual([expect.stringMatching(/not the uploaded network/)]);
  });
});
