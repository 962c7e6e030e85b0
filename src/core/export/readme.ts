/**
 * The README of an exported PyTorch project, generated from its experiment so every number in it is the one the
 * project trains with, and the list of files the exporter copies from public/export/pytorch/.
 */
import type { Experiment } from './experiment.ts';

/** Files of public/export/pytorch/ that every exported project contains (besides experiment.json and README.md). */
export const EXPORT_FILES = ['train.py', 'model.py', 'data.py', 'recipe.py', 'measure.py', 'site_rng.py', 'run_io.py', 'requirements.txt'] as const;

const n = (v: number): string => v.toLocaleString('en-US');

export function optimizerText(e: Experiment): string {
  const o = e.recipe.optimizer;
  if (o.kind === 'sgd') return `\`torch.optim.SGD\` (momentum ${o.momentum}, no dampening, no Nesterov, weight decay ${o.weightDecay} as L2 in the gradient, on every parameter)`;
  return `\`torch.optim.Adam\` (betas ${o.beta1}/${o.beta2}, eps ${o.eps}, weight decay ${o.weightDecay} as L2 in the gradient, not AdamW, on every parameter)`;
}

function scheduleText(e: Experiment): string {
  const s = e.recipe.schedule;
  if (s.kind === 'constant') return `constant learning rate ${s.lr}`;
  return `learning rate ${s.lr}, multiplied by ${s.gamma} from update ${s.milestones.map(n).join(' and from update ')} (by update count, as PyTorch's MultiStepLR stepped per batch)`;
}

function stoppingText(e: Experiment): string {
  const r = e.recipe;
  const validation = r.validateEvery === 'epoch' ? 'at the end of every epoch' : `every ${r.validateEvery} mini-batches of an epoch`;
  const early = r.earlyStopPatience === null ? 'no early stopping' : `early stopping once validation accuracy has not improved for more than ${r.earlyStopPatience} checks in a row (the tutorial's rule)`;
  return `at most ${n(e.totalSteps)} updates (${n(r.maxEpochs)} epochs of ${n(e.stepsPerEpoch)} mini-batches); validation ${validation} and after the last update; ${early}`;
}

export function architectureText(e: Experiment): string {
  const c = e.config;
  const skips = c.skips === 'all' ? 'a skip connection in every block' : c.skips === 'none' ? 'no skip connections (a plain network)' : `skip connections in blocks ${c.skips.map((s, i) => (s ? i : -1)).filter((i) => i >= 0).join(', ') || 'none'}`;
  const shortcut = c.shortcut === 'projection' ? 'option B: 1x1 conv + BN where the shape changes' : 'option A: the even rows and columns, zero channels appended';
  return `depth ${6 * c.blocksPerStage + 2} (${c.blocksPerStage} blocks per stage, widths ${c.widths.join('/')}), ${skips}, shortcuts ${shortcut}, stem conv ${c.stemBias ? 'with' : 'without'} bias`;
}

function evalHint(e: Experiment): string {
  if (e.name.includes(' ')) return 'the weights load into a model built from experiment.json\'s `config` with the library\'s `modelFromTorchSafetensors`';
  return `\`npm run eval -- --weights run/weights.safetensors --model ${e.name}\`, or load the file in the train lab`;
}

/** README.md of the exported project. */
export function exportReadme(e: Experiment): string {
  const r = e.recipe;
  const d = e.data;
  const limit = d.limit === null ? '' : ` (the first ${n(d.limit)} of each, as \`npm run train --limit ${d.limit}\`)`;
  return `# ${e.name} on CIFAR-10 with PyTorch: the ResNet Lab experiment

Exported from ResNet Lab. This project trains the same network with the same recipe and the same data stream as the
site's trainer (\`npm run train\`, the train lab), with PyTorch on a CPU, one GPU, or several processes.

| | |
|---|---|
| network | ${e.name}: ${architectureText(e)}; ${n(e.parameters)} parameters |
| initialisation | the site's: Kaiming normal (fan_out, ReLU gain) for convs, U(+-1/sqrt(fan_in)) for the stem bias and the classifier, BN gamma 1 / beta 0, drawn from the site's generator with model seed ${e.config.seed} |
| BatchNorm | momentum ${e.batchNorm.momentum}, eps ${e.batchNorm.eps}; running statistics at evaluation |
| optimizer | ${optimizerText(e)} |
| schedule | ${scheduleText(e)} |
| batch | ${r.batchSize} images per update (the global batch, whatever the number of processes); the last batch of an epoch is smaller |
| length | ${stoppingText(e)} |
| augmentation | ${r.augment ? 'random horizontal flip, then pad 4 (black, before normalising) and a random 32x32 crop' : 'none'} |
| data | CIFAR-10's 50,000 training images split ${n(d.total - d.validation)}/${n(d.validation)} with seed ${e.seed}; training on ${n(d.train)}, validating on ${n(d.val)}${limit}; pixels / 255, normalised with mean (${d.normalisation.mean.join(', ')}) and std (${d.normalisation.std.join(', ')}) |

Every setting is in \`experiment.json\`; \`train.py\` reads it. To change the experiment, export again
(\`npm run export -- --help\` in ResNet Lab) rather than editing it.

## Run it

\`\`\`sh
pip install -r requirements.txt            # torch, numpy, pillow (Debian: apt-get install python3-torch python3-pil)
python train.py --data /path/to/resnet-lab/public/data/cifar10          # the site's files (after npm run data)
python train.py --data http://localhost:4321/data/cifar10/             # or a running site's (downloaded once, checked)
python train.py --data-archive cifar-10-binary.tar.gz                  # or the official archive (md5-checked)
torchrun --nproc_per_node=2 train.py --data ...                        # DistributedDataParallel, 2 processes
\`\`\`

- Debian 12's \`python3-torch\` (PyTorch 1.13 on Python 3.11): add \`--redirects 1 --tee 1\` after \`torchrun\`; its
  default values (\`0\`) parse to nothing there and the launcher stops with \`'NoneType' object has no attribute 'get'\`.
- One process uses the GPU when there is one (\`--cpu\` forces the CPU). \`torchrun\` starts one process per GPU with
  NCCL, or per CPU share with gloo.
- On one machine, gloo's processes talk over the loopback interface (\`GLOO_SOCKET_IFNAME=lo\` unless you set it):
  in containers the hostname may resolve to an address the processes cannot reach, and they would wait for each
  other forever. A process that never joins fails the others after \`RESNET_LAB_DIST_TIMEOUT\` seconds (1800).
- **Several processes train the same recipe**: each mini-batch of ${r.batchSize} is cut into one contiguous share per
  process; the loss is the global batch's mean, so the gradient, the global batch size and the learning rate are the
  recipe's whatever N is (no learning-rate scaling). \`train.py\` prints this at start. BatchNorm: with several GPUs
  the layers are converted to \`SyncBatchNorm\`, so batch statistics are over the global batch as on the site
  (\`--no-sync-bn\` keeps them per process); on CPUs (gloo) \`SyncBatchNorm\` is not available (PyTorch 1.13's needs CUDA), so each process
  normalises with its own share's statistics and the running statistics are rank 0's.
- Outputs in \`--out\` (default \`run/\`): \`checkpoint.pt\` (every epoch and at least every 60 s, written to a
  \`.partial\` file then renamed), \`curves.json\` in the site's format (the fields \`npm run train\` writes: loss and
  training error every ${e.logEvery} updates, validation accuracy, the tutorial's log lines; plus \`framework\`,
  \`world_size\`, \`test_acc\`, \`finished\`; \`reason\` is null until the run ends) and \`weights.safetensors\` in the site's layout (\`stem.0\`, \`body.{i}.c1\`, ...,
  \`fc\`), both rewritten at the end of every epoch. After the run, the accuracy on the 10,000 test images is printed
  and stored (\`--no-test\` skips it).
- \`--resume\` continues from \`run/checkpoint.pt\` (or \`--resume PATH\`), with any number of processes: the data
  stream does not depend on it. Ctrl-C saves a checkpoint and stops. \`--max-steps K\` stops after K updates (a quick
  try; the schedule stays the recipe's).
- Back in ResNet Lab: ${evalHint(e)}; the site reads the same keys and shapes.

## What is identical to the site, and what is not

Identical for the same seed (ported bit for bit, \`site_rng.py\` is the site's sfc32 generator):
- the train/validation split (the same ${n(d.validation)} held-out images), each epoch's shuffled order and so every
  mini-batch's images, and every flip and crop offset (\`python data.py --stream-json --seed ${e.seed}\` prints them);
- the normalised input values (the same float32 numbers) and the black padding of the crop;
- the initial weights (the same normal and uniform draws: for ResNet-20 with seed 0 all 274,058 values are equal to the
  site's, checked; in principle Python's float64 \`log\`/\`cos\` could round a value differently from the browser's in
  the last bit, which would rarely survive the rounding to float32);
- the learning rate of every update, the validation points and the early-stopping decisions given the same accuracies.

Not bit-identical: floating-point results of the convolutions, BatchNorm and optimizer (summation order differs between
TensorFlow.js and PyTorch, between CPU kernels, and cuDNN picks algorithms that are not deterministic by default), and
with several processes the gradient all-reduce adds the shares in its own order; on CPUs, per-process BatchNorm
statistics (see above). So curves agree closely at the start and then drift apart like two runs of the same recipe
on different hardware, while the data each update sees stays the same.
`;
}
