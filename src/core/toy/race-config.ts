/**
 * The landing page's toy race as data: which nets race (depth, skips), their width, the optimizer, batch, learning
 * rate, the spirals and how often the figure reads back. Defaults chosen from scripts/labs/toy-race.ts (BENCHMARKS.md,
 * "Landing-page toy race").
 */
import { TUTORIAL_ADAM, type OptimizerSettings } from '../train/optimizer-settings.ts';
import type { SpiralOptions } from './spirals.ts';

/** One racing MLP: `depth` weight layers (input layer, depth - 2 hidden layers, output layer). */
export interface ToyNet {
  readonly label: string;
  readonly depth: number;
  /** true: the hidden layers are paired into residual blocks relu(x + F(x)); needs an even depth. */
  readonly skips: boolean;
  /** Theme colour role of the net's curve and panel border. */
  readonly colour: 'plain20' | 'plain56' | 'resnet56';
}

export interface ToyRaceSettings {
  readonly seed: number;
  readonly nets: readonly ToyNet[];
  readonly width: number;
  readonly spirals: SpiralOptions;
  readonly batch: number;
  readonly lr: number;
  readonly optimizer: OptimizerSettings;
  /** Steps between read-backs of the losses (one loss point per net). */
  readonly readEvery: number;
  /** Read-backs between redraws of the decision regions. */
  readonly regionsEvery: number;
  /** Cells per side of the decision-region grid. */
  readonly gridSide: number;
  /** The race stops after this many steps (the curves have long flattened by then). */
  readonly maxSteps: number;
}

export const TOY_NETS: readonly ToyNet[] = [
  { label: '4-layer plain', depth: 4, skips: false, colour: 'plain20' },
  { label: '30-layer plain', depth: 30, skips: false, colour: 'plain56' },
  { label: '30-layer residual', depth: 30, skips: true, colour: 'resnet56' },
];

export const TOY_DEFAULTS: ToyRaceSettings = {
  seed: 1,
  nets: TOY_NETS,
  width: 32,
  spirals: { perClass: 200, turns: 1.5, noise: 0.03 },
  batch: 200,
  lr: 0.01,
  optimizer: { ...TUTORIAL_ADAM, weightDecay: 0 },
  readEvery: 5,
  regionsEvery: 2,
  gridSide: 24,
  maxSteps: 3000,
};

/** The same race with fewer redraws, for readers who ask for reduced motion. */
export function reducedMotion(s: ToyRaceSettings): ToyRaceSettings {
  return { ...s, readEvery: 2 * s.readEvery, regionsEvery: 3 * s.regionsEvery };
}

/** Checks a settings object; returns the problems in words (empty when it is usable). */
export function toyProblems(s: ToyRaceSettings): string[] {
  const p: string[] = [];
  const posInt = (v: number, what: string) => {
    if (!Number.isInteger(v) || v < 1) p.push(`${what} must be a positive whole number, got ${v}.`);
  };
  posInt(s.width, 'The width');
  posInt(s.batch, 'The batch size');
  posInt(s.readEvery, 'readEvery');
  posInt(s.regionsEvery, 'regionsEvery');
  posInt(s.maxSteps, 'maxSteps');
  if (s.batch < 2) p.push('BatchNorm in training mode needs a batch of at least 2.');
  if (!(s.lr > 0) || !Number.isFinite(s.lr)) p.push(`The learning rate must be a finite number > 0, got ${s.lr}.`);
  if (!Number.isInteger(s.gridSide) || s.gridSide < 2) p.push(`gridSide must be a whole number >= 2, got ${s.gridSide}.`);
  if (s.nets.length === 0) p.push('A race needs at least one net.');
  for (const n of s.nets) {
    if (!Number.isInteger(n.depth) || n.depth < 2) p.push(`${n.label}: depth must be a whole number >= 2, got ${n.depth}.`);
    if (n.skips && n.depth % 2 !== 0) p.push(`${n.label}: a residual net pairs its hidden layers into blocks, so its depth must be even, got ${n.depth}.`);
  }
  return p;
}
