/**
 * A recorded measurement the gradient-flow lab's text quotes: `npx node scripts/labs/gradient-flow.ts 64 1` on the
 * WASM backend, 2026-11-30. The first 64 CIFAR-10 training images (no augmentation), mean cross-entropy, BN with the
 * batch's statistics as in training; 'init' = the seeded initialisation (seed 1), the others the trained reference
 * nets. firstConv / lastConv: ||dL/dW|| of the stem's 3x3 conv and of the last block's conv2; firstInput / lastInput:
 * ||dL/dx|| at the first and the last block's input.
 */

export interface FlowSummary {
  readonly loss: number;
  readonly firstConv: number;
  readonly lastConv: number;
  readonly firstInput: number;
  readonly lastInput: number;
}

export const GRADIENT_FLOW_IMAGES = 64;
export const GRADIENT_FLOW_SEED = 1;

export const GRADIENT_FLOW_RECORD: Readonly<Record<string, FlowSummary>> = {
  plain20_init: { loss: 2.31, firstConv: 1.755, lastConv: 0.2095, firstInput: 0.2662, lastInput: 0.01067 },
  resnet20_init: { loss: 2.541, firstConv: 0.8598, lastConv: 0.3293, firstInput: 0.1222, lastInput: 0.01036 },
  plain56_init: { loss: 2.327, firstConv: 553.5, lastConv: 0.2818, firstInput: 96.84, lastInput: 0.01076 },
  resnet56_init: { loss: 3.173, firstConv: 6.156, lastConv: 0.5137, firstInput: 0.9773, lastInput: 0.009489 },
  plain110_init: { loss: 2.339, firstConv: 1941000, lastConv: 0.3931, firstInput: 439300, lastInput: 0.01055 },
  resnet110_init: { loss: 3.988, firstConv: 18.01, lastConv: 0.5096, firstInput: 4.051, lastInput: 0.009789 },
  resnet20_sgd30: { loss: 0.1892, firstConv: 0.1764, lastConv: 0.1798, firstInput: 0.1728, lastInput: 0.04601 },
  plain20_sgd15: { loss: 0.6708, firstConv: 0.2377, lastConv: 0.2298, firstInput: 0.1759, lastInput: 0.04301 },
};

/** A recorded entry by key ('plain56_init', 'resnet20_sgd30', ...); throws naming the script when it is missing. */
export function recordedFlow(key: string): FlowSummary {
  const e = GRADIENT_FLOW_RECORD[key];
  if (!e) throw new Error(`No recorded gradient flow for '${key}'; record it with scripts/labs/gradient-flow.ts.`);
  return e;
}

/** How many times larger plain-d's stem gradient is than ResNet-d's at initialisation, e.g. stemRatioAtInit(56). */
export function stemRatioAtInit(depth: number): number {
  return recordedFlow(`plain${depth}_init`).firstConv / recordedFlow(`resnet${depth}_init`).firstConv;
}

/** The stem conv's gradient over the last conv's for a recorded key: how much the gradient grows from output to input. */
export function inputToOutputRatio(key: string): number {
  const e = recordedFlow(key);
  return e.firstConv / e.lastConv;
}

/** A ratio as the text writes it: two significant digits with thousands separators from 10 up (e.g. '110,000', '90'), one decimal below. */
export function formatRatio(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (x < 10) return x.toFixed(1);
  return Number(x.toPrecision(2)).toLocaleString('en-US');
}

/** ||dL/dx|| at the first block's input over that at the last block's input, for a recorded key. */
export function blockInputRatio(key: string): number {
  const e = recordedFlow(key);
  return e.firstInput / e.lastInput;
}
