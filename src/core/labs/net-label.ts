/** Names of racing nets, shared by the worker, the page and the Node scripts (plain TypeScript, no TensorFlow.js). */
import type { NetSpec } from './degradation-settings.ts';

/** 'plain-56', 'ResNet-56', or 'ResNet-56, 20/27 skips'. */
export function netLabel(net: NetSpec): string {
  const depth = 6 * net.n + 2;
  if (net.skips === 'none') return `plain-${depth}`;
  if (net.skips === 'all') return `ResNet-${depth}`;
  return `ResNet-${depth}, ${net.skips.filter(Boolean).length}/${net.skips.length} skips`;
}
