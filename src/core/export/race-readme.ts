/**
 * README.md of an exported degradation race (core/export/from-race.ts): what the race trains, what it scales down
 * from the paper, how to run it and overlay the curves on the race page, and what is identical to the site.
 * Generated from the race's experiments, so every number in it is the one the project trains with.
 */
import type { RaceExport } from './from-race.ts';
import { architectureText, optimizerText } from './readme.ts';
import { SMOOTH_POINTS } from '../labs/race-config.ts';

const n = (v: number): string => v.toLocaleString('en-US');

/** The paper's CIFAR-10 set-up, for the list of what a race scales down. */
const PAPER = { widths: '16/32/64', steps: 64_000, batch: 128 } as const;

function scaledDown(r: RaceExport): string[] {
  const s = r.settings;
  const first = r.nets[0]!;
  const out: string[] = [];
  if (s.size === 16) out.push('**16x16 images**: each CIFAR-10 image averaged over 2x2 pixel squares (each byte the mean of four, rounded half up), so every convolution does a quarter of the work; the architecture is unchanged');
  if (first.config.widths.join('/') !== PAPER.widths) out.push(`**narrow nets**: ${first.config.widths.join('/')} channels per stage instead of ${PAPER.widths}`);
  out.push(`**a subset**: ${n(s.train)} of the 45,000 training images and ${n(s.val)} of the 5,000 validation images (a seeded choice, the same for every net)`);
  out.push(`**a short run**: ${n(s.steps)} updates of ${s.batch} images (the paper: ${n(PAPER.steps)} of ${PAPER.batch}), without augmentation, with ${s.opt === 'adam' ? 'Adam' : 'SGD'} at a constant learning rate of ${s.lr} (the paper: SGD from 0.1 with step decay)`);
  return out;
}

/** README.md of the race project. */
export function raceReadme(r: RaceExport): string {
  const s = r.settings;
  const e0 = r.nets[0]!;
  const rows = r.nets.map((e) => `| ${e.net!.label} | \`${e.net!.slug}\` | ${architectureText(e)} | ${n(e.parameters)} |`).join('\n');
  const link = `/labs/degradation?${r.query}`;
  return `# A degradation race with PyTorch: ${r.nets.map((e) => e.net!.label).join(', ')}

Exported from ResNet Lab's race (\`${link}\`). The nets train on the same mini-batches from the same seed, so depth
and skips are the only differences between their curves. This project trains each net in turn, with the race's data,
batches and settings, with PyTorch on a CPU, one GPU, or several processes.

| net | folder / \`--net\` | network | parameters |
|---|---|---|---|
${rows}

| | |
|---|---|
| inputs | ${s.size}x${s.size} RGB${s.size === 16 ? ' (CIFAR-10 downsampled 2x2)' : ''}, pixels / 255, normalised with mean (${e0.data.normalisation.mean.join(', ')}) and std (${e0.data.normalisation.std.join(', ')}) |
| data | CIFAR-10's 50,000 training images split 45,000/5,000 with seed ${s.seed}; of those, ${n(s.train)} training and ${n(s.val)} validation images, the first of seeded permutations of each |
| initialisation | the site's (Kaiming normal, fan_out, for convs; U(+-1/sqrt(fan_in)) for the stem bias and the classifier; BN gamma 1 / beta 0), model seed ${s.seed}: the same numbers as the race's nets |
| optimizer | ${optimizerText(e0)}, constant learning rate ${s.lr} |
| batches | ${s.batch} images per update, ${n(s.steps)} updates; each epoch a fresh seeded order of the subset, the last batch of an epoch smaller (${n(e0.stepsPerEpoch)} batches an epoch); no augmentation |
| validation | accuracy on the ${n(s.val)} validation images with BatchNorm's running statistics, at step 0 and every ${s.evalEvery} updates (and after the last) |
| curves | training loss and error: the mean over every ${e0.logEvery} updates (the race's read-backs) |
| verdict | after the last update: training error on the first ${n(e0.endError!.images)} training images, in batches of ${e0.endError!.batchSize} that BatchNorm normalises with their own statistics (the race's "training error at the end") |

What the race scales down from the paper (He et al. 2016, section 4.2), to run in minutes in a browser:
${scaledDown(r).map((t) => `- ${t}.`).join('\n')}

To change the race, change it on the race page and export again (or \`npm run export -- --race "${r.query}" --out DIR\`
in ResNet Lab) rather than editing \`experiment.json\`: it holds one experiment per net, in the site's export format.

## Run it

\`\`\`sh
pip install -r requirements.txt            # torch, numpy, pillow (Debian: apt-get install python3-torch python3-pil)
python train.py --data /path/to/resnet-lab/public/data/cifar10          # every net, one after the other
python train.py --data http://localhost:4321/data/cifar10/             # or a running site's files (downloaded once, checked)
${`python train.py --data ... --net ${e0.net!.slug}`.padEnd(71)}# one net
torchrun --nproc_per_node=2 train.py --data ...                        # DistributedDataParallel, 2 processes
\`\`\`

- Each net writes to \`run/<net>/\` (\`--out\` changes \`run\`): \`curves.json\` in the site's format (plus the net's
  name and the verdict as \`end_error\`), \`weights.safetensors\` in the site's layout and \`checkpoint.pt\`. After a
  net's last update the test accuracy on the 10,000 test images (downsampled the same way) is printed and stored;
  the race does not measure it (\`--no-test\` skips it).
- \`--resume\` continues every net from its own checkpoint (finished nets are skipped, nets not yet started start);
  \`--max-steps K\` stops each net after K updates; Ctrl-C saves the running net and stops the race.
- Debian 12's \`python3-torch\` needs \`torchrun --redirects 1 --tee 1 ...\`. With several processes each takes a
  contiguous share of every batch (the global batch stays ${s.batch}); on CPUs (gloo) BatchNorm normalises each share
  with its own statistics, on GPUs \`SyncBatchNorm\` keeps the global batch's.

## Overlay the curves on the race

Open the race with the same settings (the link above, on the site or \`npm run dev\`), train it or not, and choose
\`run/<net>/curves.json\` under *Overlay a PyTorch run on the charts*. The run is drawn dashed, by step, in the colour
of the race's net of the same name, with its training loss and error averaged over the last ${SMOOTH_POINTS} points as the race's
own curves are; its validation accuracy is drawn as measured. One file at a time: choose another net's file to
compare that one.

## What is identical to the race, and what is not

Identical for the same settings (\`site_rng.py\` is the site's sfc32 generator, ported bit for bit):
- the split, the race's subset (which images, in which order), every epoch's shuffled order and so every
  mini-batch, and the downsampled bytes (the same integer rounding);
- the normalised input values (the same float32 numbers) and the initial weights of every net;
- the learning rate, the steps at which the curves get a point and validation runs, the verdict's images and batches.

Not identical:
- floating-point results of the convolutions, BatchNorm and the optimizer (summation order differs between
  TensorFlow.js and PyTorch and between kernels; cuDNN is not deterministic by default), so the curves agree closely
  at the start and then drift apart like two runs on different hardware; with several processes, the all-reduce's
  order and per-process BatchNorm statistics on CPUs;
- the race on the page trains its nets side by side (a worker each); here they train one after the other. They take
  their batches from the seed, not from a shared loop, so each net sees the same batches either way;
- a net whose loss becomes NaN or infinite: the race retires it at its next read-back and races on; \`train.py\` ends
  that net as \`diverged\` (no weights written), trains the others, and exits with status 1.
`;
}
