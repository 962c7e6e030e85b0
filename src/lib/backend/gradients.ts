/**
 * tfjs-core's gradient functions (tf.grads, optimizers) are not in the core package's entry point: the union package
 * registers them. For bundlers that is core's own `dist/register_all_gradients` (ES modules). In Node that file cannot
 * load (its relative imports have no extensions), and the only CommonJS build of the same gradients is the union
 * package's Node bundle, which registers them into the shared global registry; nothing else of it is used here.
 */
import * as tf from '@tensorflow/tfjs-core';

const NODE_GRADIENTS = '@tensorflow/tfjs';

/** Registers every stock tfjs-core gradient once (idempotent); call before registering the project's overrides. */
export async function registerStockGradients(): Promise<void> {
  if (tf.getGradient(tf.Conv2D) != null) return;
  if (tf.env().getBool('IS_NODE')) {
    await import(/* @vite-ignore */ NODE_GRADIENTS);
  } else {
    await import('@tensorflow/tfjs-core/dist/register_all_gradients');
  }
  if (tf.getGradient(tf.Conv2D) == null) {
    throw new Error('tfjs-core gradients did not register: is @tensorflow/tfjs installed (npm install)?');
  }
}
