/**
 * "Try this" at the end of each chapter: a few experiments, each a link that opens a lab with its settings in the URL,
 * and what the reader should see. Each expectation quotes a measured run with exactly these settings:
 * race links with `npx node scripts/labs/degradation.ts "<query>"` (WASM backend, the lab's own code; the race is
 * seeded and steps in lockstep, so the browser computes the same curves), stepper links in Chromium on this site.
 * Recorded 2026-11-30.
 */
import { defaultsOf, writeSettings, type SettingsTable } from './settings.ts';
import { degradationTable, type DegradationSettings } from './degradation-settings.ts';
import { labPages, stepperTable, trainTable, type StepperSettings, type TrainSettings } from './lab-tables.ts';

/** One experiment: which lab, with which settings, the link's text and what the reader should expect to see. */
export type TryThisLink =
  | { readonly lab: 'degradation'; readonly settings: DegradationSettings; readonly label: string; readonly expectation: string }
  | { readonly lab: 'stepper'; readonly settings: StepperSettings; readonly label: string; readonly expectation: string }
  | { readonly lab: 'train'; readonly settings: TrainSettings; readonly label: string; readonly expectation: string };

export type LabName = TryThisLink['lab'];

/** Each lab's page (from labPages, the one list of lab routes) and its settings table. */
const labs = {
  degradation: { path: '/labs/degradation', table: degradationTable },
  stepper: { path: '/labs/block-stepper', table: stepperTable },
  train: { path: '/labs/train', table: trainTable },
} as const;

/** The lab page a link opens; throws if the route is no longer among the lab pages. */
export function labPath(lab: LabName): string {
  const path = labs[lab].path;
  if (!labPages.some((p) => p.href === path)) throw new Error(`Lab "${lab}" expects a page at ${path}, which labPages does not list.`);
  return path;
}

/** The settings table of a link's lab. */
export function tableOf(link: TryThisLink): SettingsTable<DegradationSettings> | SettingsTable<StepperSettings> | SettingsTable<TrainSettings> {
  return labs[link.lab].table;
}

/** The query string (without '?') of a link, written by its lab's own settings table. */
export function tryThisQuery(link: TryThisLink): string {
  switch (link.lab) {
    case 'degradation': return writeSettings(degradationTable, link.settings);
    case 'stepper': return writeSettings(stepperTable, link.settings);
    case 'train': return writeSettings(trainTable, link.settings);
  }
}

/** The href of a link: the lab's page and its settings. */
export function tryThisHref(link: TryThisLink): string {
  return `${labPath(link.lab)}?${tryThisQuery(link)}`;
}

/**
 * The race settings every race link was measured with (the lab's defaults on 2026-11-30), written out so a later
 * change of the defaults leaves each link, and so its stated expectation, as it was measured.
 */
const MEASURED_RACE: Partial<DegradationSettings> = {
  seed: 1, width: 8, size: 16, train: 5000, val: 500, batch: 32, opt: 'adam', lr: 0.003, steps: 300, evalEvery: 50,
};

const race = (patch: Partial<DegradationSettings>): DegradationSettings => ({ ...defaultsOf(degradationTable), ...MEASURED_RACE, ...patch });
const stepper = (patch: Partial<StepperSettings>): StepperSettings => ({ ...defaultsOf(stepperTable), ...patch });

/** The experiments of each chapter, keyed by the chapter's route (src/core/chapters.ts, plus the errata page). */
export const tryThis: Readonly<Record<string, readonly TryThisLink[]>> = {
  '/motivation': [
    {
      lab: 'degradation',
      settings: race({ nets: [{ n: 3, skips: 'none' }, { n: 9, skips: 'none' }, { n: 9, skips: 'all' }], steps: 100 }),
      label: 'Race plain-20, plain-56 and ResNet-56 for 100 steps',
      expectation: 'In our run, after 100 steps plain-56 had barely left the start: training loss 2.286 (guessing among 10 '
        + 'classes gives 2.303) and 9.8% validation accuracy, chance level. Plain-20 reached loss 2.100 and 19.4%, and '
        + 'ResNet-56, as deep as plain-56 but with skips, 1.910 and 25.6%: the deeper plain net is the worse one.',
    },
    {
      lab: 'stepper',
      settings: stepper({ img: 0, net: 'resnet20', block: 4, stage: 5 }),
      label: 'How far from F(x) = 0 is a trained block?',
      expectation: 'In our run on test image 0, the bars under the maps of stage 2, block 2 give a median ratio '
        + '‖F(x)‖ / ‖shortcut‖ of 0.54 over its 32 channels: the block adds about half the size of what it passes on.',
    },
  ],
  '/architecture': [
    {
      lab: 'degradation',
      settings: race({ nets: [{ n: 3, skips: 'none' }, { n: 3, skips: [true, true, true, true, true, true, false, false, false] }, { n: 3, skips: 'all' }], steps: 100 }),
      label: 'Take the skips out of stage 3 only: plain-20, 6 of 9 skips, ResNet-20',
      expectation: 'In our run, after 100 steps the net with 6 of 9 skips sat between the others in training loss: '
        + 'plain-20 2.100, 6 of 9 skips 1.930, ResNet-20 1.772. Validation accuracy is noisier this early: 19.4%, 17.0% '
        + 'and 22.2%.',
    },
    {
      lab: 'stepper',
      settings: stepper({ img: 0, net: 'resnet20', block: 3, stage: 6, compare: 'on' }),
      label: 'See a projection shortcut, with plain-20 alongside',
      expectation: 'In our run on test image 0 (a cat), stage 7 of 9 is the shortcut W_s x (1×1 convolution, stride 2, + BN) with shape '
        + '16×16×32, and plain-20 alongside has no shortcut stage at all: nothing is carried around its block.',
    },
  ],
  '/why-it-works': [
    {
      lab: 'degradation',
      settings: race({ nets: [{ n: 9, skips: 'all' }, { n: 9, skips: Array.from({ length: 27 }, (_, i) => i % 2 === 0) }, { n: 9, skips: 'none' }], steps: 100 }),
      label: 'Cut the direct path: ResNet-56 with every second skip removed',
      expectation: 'In our run, after 100 steps ResNet-56 had training loss 1.910 and 25.6% validation accuracy. With the skips '
        + 'of every second block removed (14 of 27 left) the same net stayed close to plain-56: loss 2.263 and 11.6%, against '
        + 'plain-56\'s 2.286 and 9.8%. Half of the skips did not buy half of the progress.',
    },
    {
      lab: 'stepper',
      settings: stepper({ img: 0, net: 'resnet20', block: 5, stage: 5 }),
      label: 'The smallest branch of ResNet-20',
      expectation: 'In our run on test image 0, the bars under the maps of stage 2, block 3 give a median ratio '
        + '‖F(x)‖ / ‖shortcut‖ of 0.38 over its 32 channels, the smallest of the nine blocks for this image: the shortcut '
        + 'carries most of what leaves this block.',
    },
    {
      lab: 'stepper',
      settings: stepper({ img: 0, net: 'resnet20', block: 6, stage: 5 }),
      label: 'The largest: the first block of stage 3',
      expectation: 'In our run on test image 0, the median ratio ‖F(x)‖ / ‖shortcut‖ over the 64 channels of stage 3, '
        + 'block 1 is 1.70, the largest of the nine: here the branch outweighs its (projection) shortcut.',
    },
  ],
  '/data-preparation': [
    {
      lab: 'degradation',
      settings: race({ nets: [{ n: 3, skips: 'all' }], train: 256, steps: 150 }),
      label: 'Train ResNet-20 on only 256 images',
      expectation: 'In our run, ResNet-20 nearly learned its 256 images by heart: training loss 0.108 and training error 0.006 at '
        + 'step 100, yet only 19.2% validation accuracy (17.4% at step 150). That is overfitting, not degradation.',
    },
    {
      lab: 'degradation',
      settings: race({ nets: [{ n: 3, skips: 'all' }], train: 45000, steps: 150 }),
      label: 'The same 150 steps drawn from all 45,000 training images',
      expectation: 'In our run, the training loss stayed high (1.862 at step 150: every batch holds new images) but '
        + 'validation accuracy reached 27.0%, above the 17.4% of the 256-image run: more data, better generalisation.',
    },
  ],
  '/implementation': [
    {
      lab: 'stepper',
      settings: stepper({ img: 0, net: 'resnet20', block: 0, stage: 0 }),
      label: 'The input of the first block, after the stem',
      expectation: 'In our run, stage 1 of 9 (x, the block\'s input) has shape 32×32×16: the stem\'s 16 channels at full resolution.',
    },
    {
      lab: 'stepper',
      settings: stepper({ img: 0, net: 'resnet20', block: 8, stage: 8 }),
      label: 'The output of the last block, before pooling',
      expectation: 'In our run, stage 9 of 9 (the block\'s output) has shape 8×8×64, what global average pooling turns into 64 numbers; '
        + 'ResNet-20 says cat with probability 99.9%, and it is a cat.',
    },
  ],
  '/training': [
    {
      lab: 'degradation',
      settings: race({ nets: [{ n: 3, skips: 'all' }], lr: 0.5, steps: 60, evalEvery: 30 }),
      label: 'Give Adam a learning rate of 0.5',
      expectation: 'In our run, ResNet-20\'s training loss went up, not down: 2.390 at step 30 and 2.731 at step 60, above '
        + 'the 2.303 of guessing, with 10.6% validation accuracy. At 0.003 the same net, on the same batches, '
        + 'was at 1.929 by step 50.',
    },
    {
      lab: 'degradation',
      settings: race({ nets: [{ n: 3, skips: 'none' }, { n: 3, skips: 'all' }], opt: 'sgd', lr: 0.1, steps: 100 }),
      label: 'Race plain-20 and ResNet-20 with the paper\'s SGD at 0.1',
      expectation: 'In our run, after 100 steps ResNet-20 led: training loss 1.890 against plain-20\'s 2.074, validation '
        + 'accuracy 22.4% against 15.2%. With Adam at 0.003 the same two nets reached 1.772 and 2.100 '
        + '(22.2% and 19.4%).',
    },
  ],
  '/evaluation': [
    {
      lab: 'stepper',
      settings: stepper({ img: 3, net: 'resnet20', block: 8, stage: 8, compare: 'on' }),
      label: 'Classify test image 3 with ResNet-20 and plain-20',
      expectation: 'In our run, ResNet-20 said ship with probability 52.7% for this airplane, and plain-20 said ship (67.7%) too: '
        + 'one of the images both get wrong.',
    },
    {
      lab: 'stepper',
      settings: stepper({ img: 7, net: 'resnet20', block: 8, stage: 8, compare: 'on' }),
      label: 'The same for test image 7',
      expectation: 'In our run, ResNet-20 said frog (80.1%), which is right, while plain-20 said bird (49.1%).',
    },
  ],
  '/beyond': [
    {
      lab: 'degradation',
      settings: race({ nets: [{ n: 3, skips: 'all' }, { n: 18, skips: 'none' }, { n: 18, skips: 'all' }], steps: 60 }),
      label: 'ResNet-20 against plain-110 and ResNet-110, 60 steps',
      expectation: 'In our run, after 60 steps the training loss was 1.971 for ResNet-20, 2.331 for plain-110 (still at chance, '
        + '2.303) and 2.270 for ResNet-110: at 110 layers the skips keep the net learning, though more slowly than ResNet-20 '
        + 'in a race this short.',
    },
    {
      lab: 'degradation',
      settings: race({ nets: [{ n: 18, skips: 'none' }, { n: 18, skips: 'all' }], steps: 200 }),
      label: 'Plain-110 against ResNet-110, 200 steps',
      expectation: 'In our run, plain-110 stayed at chance for all 200 steps (loss 2.297, validation accuracy 8.6%), while '
        + 'ResNet-110 got to loss 2.017 and 20.0% validation accuracy.',
    },
  ],
  '/tutorial-errata': [
    {
      lab: 'stepper',
      settings: stepper({ img: 0, net: 'resnet20', block: 0, stage: 4 }),
      label: 'The second convolution of a block, before its BatchNorm',
      expectation: 'In our run, this is stage 5 of 9 (conv2, shape 32×32×16); press Forward for bn2 = F(x), normalised before the '
        + 'addition: the listing normalises only after it, so it has no such stage.',
    },
    {
      lab: 'stepper',
      settings: stepper({ img: 0, net: 'resnet20', block: 0, stage: 5 }),
      label: 'The same block after its second BatchNorm',
      expectation: 'In our run, stage 6 of 9 is bn2 = F(x) with its own BatchNorm, and the bars under the maps give a median ratio '
        + '‖F(x)‖ / ‖shortcut‖ of 1.38 over the 16 channels.',
    },
  ],
};

/** The experiments of the chapter at `href`; throws if it has none, so a chapter cannot render an empty section. */
export function tryThisFor(href: string): readonly TryThisLink[] {
  const links = tryThis[href];
  if (!links || links.length === 0) {
    throw new Error(`No "Try this" experiments for ${href}: add them to tryThis in src/core/labs/try-this.ts.`);
  }
  return links;
}
