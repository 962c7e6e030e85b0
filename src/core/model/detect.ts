/**
 * Which network a PyTorch state dict belongs to, from its keys and shapes alone (and the safetensors metadata the
 * site's writers add): the inverse of paramSpecs. Keys and shapes fix the depth, the widths, the stem bias, the classes
 * and where projections sit; they cannot tell a plain net from an option-A residual net (identity and zero-padding
 * shortcuts have no weights), so that case comes back as a choice with the reason.
 */
import { NUM_CLASSES } from '../data/cifar10.ts';
import { formatCount } from '../format.ts';
import { presetConfig, validateConfig } from './config.ts';
import { planBlocks } from './architecture.ts';
import { countParams, paramSpecs } from './params.ts';
import type { ModelConfig } from './types.ts';

/** Tensor shapes by PyTorch key, as a file lists them. */
export type TensorShapes = ReadonlyMap<string, readonly number[]>;

export type Detection =
  /** One configuration fits; `basis` says whether the file's metadata chose it or the tensors alone decide. */
  | { readonly kind: 'model'; readonly config: ModelConfig; readonly basis: 'metadata' | 'tensors'; readonly notes: readonly string[] }
  /** Several configurations fit these exact keys and shapes; the reader picks one. */
  | { readonly kind: 'choice'; readonly candidates: readonly ModelConfig[]; readonly reason: string }
  | { readonly kind: 'error'; readonly message: string };

/** PyTorch bookkeeping that carries no weights (BatchNorm's step counter). */
export const IGNORED_KEY = /\.num_batches_tracked$/;

/** CIFAR-10 images are 32x32: every stage after the first halves the map. */
const INPUT_SIZE = 32;
const SITE_LAYOUT = 'the site\'s layout: stem.0.weight, stem.1.*, body.{i}.c1/b1/c2/b2.*, body.{i}.proj.0/1.* where a block projects, fc.weight and fc.bias';

const shapeText = (s: readonly number[] | undefined): string => (s ? `[${s.join(', ')}]` : 'missing');
const sample = (keys: readonly string[]): string => (keys.length > 4 ? `${keys.slice(0, 4).join(', ')} and ${keys.length - 4} more` : keys.join(', '));

/** "ResNet-56" or "plain-56": the family (any skip makes a ResNet) and the depth, as charts name a net in a legend. */
export function modelName(c: ModelConfig): string {
  const plans = planBlocks(c);
  return `${plans.some((b) => b.shortcut !== 'none') ? 'ResNet' : 'plain'}-${2 * plans.length + 2}`;
}

/** "ResNet-56, projection shortcuts, 855,786 parameters": depth, shortcuts and the parameter count of core's counting. */
export function describeModel(c: ModelConfig): string {
  const plans = planBlocks(c);
  const skipped = plans.filter((b) => b.shortcut !== 'none').length;
  const parts = [modelName(c)];
  if (skipped === 0) parts.push('no shortcuts');
  else parts.push(c.shortcut === 'projection' ? 'projection shortcuts' : 'identity + zero-padding shortcuts (option A)');
  if (skipped > 0 && skipped < plans.length) parts.push(`skips on ${skipped} of ${plans.length} blocks`);
  if (c.widths.join() !== '16,32,64') parts.push(`widths ${c.widths.join('/')}`);
  if (c.numClasses !== NUM_CLASSES) parts.push(`${c.numClasses} classes`);
  parts.push(`${formatCount(countParams(c))} parameters`);
  return parts.join(', ');
}

/** Why `shapes` do not hold exactly the tensors of `config` (naming the first missing, extra or mis-shaped key), or null. */
export function fitProblem(config: ModelConfig, shapes: TensorShapes): string | null {
  const want = new Map(paramSpecs(config).map((s) => [s.torchKey, s.torchShape] as const));
  const missing = [...want.keys()].filter((k) => !shapes.has(k));
  if (missing.length > 0) return `${missing.length === 1 ? 'the tensor' : `${missing.length} tensors are missing:`} ${sample(missing)}${missing.length === 1 ? ' is missing' : ''}`;
  const extra = [...shapes.keys()].filter((k) => !want.has(k) && !IGNORED_KEY.test(k));
  if (extra.length > 0) return `${extra.length === 1 ? 'the tensor' : `${extra.length} tensors do not belong to it:`} ${sample(extra)}${extra.length === 1 ? ' does not belong to it' : ''}`;
  for (const [key, shape] of want) {
    const got = shapes.get(key)!;
    if (got.length !== shape.length || got.some((d, i) => d !== shape[i])) return `'${key}' has shape ${shapeText(got)} where it needs ${shapeText(shape)}`;
  }
  return null;
}

function foreignLayout(keys: readonly string[], shapes: TensorShapes): string | null {
  if (keys.every((k) => k.startsWith('module.'))) {
    return 'Every key starts with "module.": the state dict was saved from a DataParallel/DistributedDataParallel wrapper. Save model.module.state_dict() instead.';
  }
  const torchvision = keys.some((k) => /^layer\d+\./.test(k)) || keys.includes('conv1.weight');
  if (!torchvision) return null;
  const fc = shapes.get('fc.weight') ?? shapes.get('linear.weight');
  const stages = new Set(keys.map((k) => /^layer(\d+)\./.exec(k)?.[1]).filter((s) => s !== undefined));
  const classes = fc?.[0];
  if (stages.has('4') || classes === 1000) {
    return `This is an ImageNet ResNet state dict (torchvision's layout: conv1, bn1, layer1..layer${Math.max(...[...stages].map(Number))}, fc with ${classes ?? '?'} classes), not a CIFAR-10 net. ImageNet ResNets take 224×224 images through a 7×7 stem, max pooling and four stages; the nets here are CIFAR-10 ResNets of depth 6n+2 with three stages and 10 classes, in ${SITE_LAYOUT}.`;
  }
  return `These keys (conv1, bn1, layer1.., ${fc ? (shapes.has('fc.weight') ? 'fc' : 'linear') : 'no classifier'}) are another CIFAR ResNet implementation's layout. The site reads ${SITE_LAYOUT}; rename the keys, or train with the site's PyTorch export (npm run export).`;
}

/** Stage boundaries: where the width changes or a projection marks a stride-2 block. */
function stagesOf(widths: readonly number[], projects: readonly boolean[]): { n: number; widths: number[] } | string {
  const starts = widths.map((w, i) => i === 0 || w !== widths[i - 1] || projects[i] === true);
  const lengths: number[] = [];
  starts.forEach((s) => (s ? lengths.push(1) : lengths[lengths.length - 1]!++));
  if (lengths.every((l) => l === lengths[0])) {
    const n = lengths[0]!;
    if (lengths.length === 1 && widths.length % 3 === 0 && widths.length > 3) return stagesOf(widths, widths.map((_, i) => i > 0 && i % (widths.length / 3) === 0));
    return { n, widths: lengths.map((_, s) => widths[s * n]!) };
  }
  // Equal widths on both sides of a stride-2 block without a projection (option A, plain) hide a boundary: try three stages.
  const b = widths.length;
  if (b % 3 === 0 && starts.every((s, i) => !s || i % (b / 3) === 0)) return { n: b / 3, widths: [0, 1, 2].map((s) => widths[(s * b) / 3]!) };
  return `the blocks' widths (${widths.join(', ')}) do not split into stages of equal length, as a 6n+2 net's do`;
}

function fromMetadata(metadata: Readonly<Record<string, string>>, shapes: TensorShapes, notes: string[]): ModelConfig | null {
  const tries: [string, () => ModelConfig][] = [];
  if (metadata.config) tries.push(['config', () => {
    const c = JSON.parse(metadata.config!) as ModelConfig;
    validateConfig(c);
    return c;
  }]);
  if (metadata.model) tries.push(['model', () => presetConfig(metadata.model!)]);
  for (const [field, make] of tries) {
    let config: ModelConfig;
    try {
      config = { ...make(), bnInference: 'running' };
    } catch {
      continue;
    }
    const problem = fitProblem(config, shapes);
    if (problem === null) return config;
    notes.push(`The file's metadata (${field}) names ${describeModel(config)}, but ${problem}; the tensors decide instead.`);
  }
  return null;
}

/** The configuration of a state dict (keys and shapes), its metadata breaking ties; or a precise explanation. */
export function detectConfig(shapes: TensorShapes, metadata: Readonly<Record<string, string>> = {}): Detection {
  const error = (message: string): Detection => ({ kind: 'error', message });
  const keys = [...shapes.keys()].filter((k) => !IGNORED_KEY.test(k));
  if (keys.length === 0) return error('The file holds no tensors.');
  const foreign = foreignLayout(keys, shapes);
  if (foreign) return error(foreign);
  const stem = shapes.get('stem.0.weight');
  if (!stem) return error(`No 'stem.0.weight' among the ${keys.length} tensors (${sample(keys)}): the site reads ${SITE_LAYOUT}.`);
  if (stem.length !== 4 || stem[2] !== 3 || stem[3] !== 3) return error(`'stem.0.weight' has shape ${shapeText(stem)}; the stem is a 3×3 convolution, [width, 3, 3, 3].`);
  const indices = new Set(keys.map((k) => /^body\.(\d+)\./.exec(k)?.[1]).filter((s) => s !== undefined).map(Number));
  const count = indices.size === 0 ? 0 : Math.max(...indices) + 1;
  if (count === 0) return error('The file has a stem but no blocks (no body.{i} tensors).');
  const widths: number[] = [];
  for (let i = 0; i < count; i++) {
    const c1 = shapes.get(`body.${i}.c1.weight`);
    if (!c1) return error(`'body.${i}.c1.weight' is missing (the file has blocks up to body.${count - 1}, so block ${i} should have its first convolution).`);
    if (c1.length !== 4) return error(`'body.${i}.c1.weight' has shape ${shapeText(c1)}; a convolution's weight has four axes [out, in, 3, 3].`);
    widths.push(c1[0]!);
  }
  const projects = widths.map((_, i) => shapes.has(`body.${i}.proj.0.weight`));
  const stages = stagesOf(widths, projects);
  if (typeof stages === 'string') return error(`Not a 6n+2 network: ${stages}.`);
  if (INPUT_SIZE % 2 ** (stages.widths.length - 1) !== 0) return error(`${stages.widths.length} stages would shrink a 32×32 image below one pixel.`);
  const fc = shapes.get('fc.weight');
  if (!fc || fc.length !== 2) return error(`'fc.weight' is ${fc ? `of shape ${shapeText(fc)}` : 'missing'}; the classifier is a [classes, ${stages.widths[stages.widths.length - 1]}] matrix.`);
  if (fc[0] !== NUM_CLASSES) return error(`The classifier has ${fc[0]} outputs; CIFAR-10 has ${NUM_CLASSES} classes, so these weights are for another data set.`);
  if (stem[1] !== 3) return error(`The stem takes ${stem[1]} input channels; CIFAR-10 images have 3 (RGB).`);
  const base: ModelConfig = {
    blocksPerStage: stages.n, widths: stages.widths, skips: 'all', shortcut: 'projection', stemBias: shapes.has('stem.0.bias'),
    bnInference: 'running', numClasses: fc[0]!, inputSize: INPUT_SIZE, inputChannels: stem[1]!, seed: 0,
  };
  try {
    validateConfig(base);
  } catch (e) {
    return error((e as Error).message);
  }
  const changes = planBlocks(base).map((b) => b.stride !== 1 || b.inChannels !== b.outChannels);
  const stray = projects.findIndex((p, i) => p && !changes[i]);
  if (stray >= 0) return error(`'body.${stray}.proj.0.weight' is a projection on a block that keeps its shape; the site's nets project only where the stride or the width changes.`);
  const projected = changes.filter((c, i) => c && projects[i]).length;
  const shapeChanges = changes.filter(Boolean).length;
  const notes: string[] = [];
  const chosen = fromMetadata(metadata, shapes, notes);
  let candidates: ModelConfig[];
  if (projected > 0 && projected === shapeChanges) candidates = [base];
  else if (projected > 0) {
    candidates = [{ ...base, skips: changes.map((c, i) => !c || projects[i]!) }];
    notes.push('Blocks with an identity shortcut have no weights of their own, so the keys cannot show whether their skips were on; they are taken to be on.');
  } else {
    const optionA: ModelConfig = { ...base, shortcut: 'zeropad' };
    let aValid = true;
    try {
      validateConfig(optionA);
    } catch {
      aValid = false;
    }
    candidates = aValid ? [{ ...base, skips: 'none' }, optionA] : [{ ...base, skips: 'none' }];
  }
  const problem = fitProblem(candidates[0]!, shapes);
  if (problem !== null) return error(`This looks like ${describeModel(candidates[0]!)}, but ${problem}.`);
  if (chosen) return { kind: 'model', config: chosen, basis: 'metadata', notes };
  if (candidates.length === 1) return { kind: 'model', config: candidates[0]!, basis: 'tensors', notes };
  return {
    kind: 'choice', candidates,
    reason: `No block has a projection (proj) tensor, so these weights fit a plain net as well as a residual net with identity + zero-padding shortcuts (option A): neither shortcut has weights of its own, and the file's metadata does not say which it is.${notes.length ? ` ${notes.join(' ')}` : ''}`,
  };
}
