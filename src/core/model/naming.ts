/**
 * The one naming module: stable hierarchical ids for layers, parameters and activation taps, and their mapping to the
 * PyTorch state-dict keys of ../shared/reference/README.md. Model, weight import/export, taps and diagrams all use it.
 *
 * Layer ids:  stem.conv, stem.bn, stem.relu, stage{s}.block{b}.{conv1,bn1,relu1,conv2,bn2,shortcut,shortcut.conv,
 *             shortcut.bn,add,relu2}, pool, fc. Stages count from 1 (stage1 keeps the stem's width), blocks from 0.
 * Param ids:  <conv or fc layer>.weight|bias, <bn layer>.gamma|beta (trainable), <bn layer>.running_mean|running_var.
 */

/** Id of a block, e.g. blockId(2, 0) = 'stage2.block0'. */
export function blockId(stage: number, block: number): string {
  return `stage${stage}.block${block}`;
}

/** The activation taps of one block, in forward order; bn2 is F(x), 'sum' is F(x) + shortcut, 'out' is ReLU(sum). */
export const BLOCK_TAPS = ['x', 'conv1', 'bn1', 'relu1', 'conv2', 'bn2', 'shortcut', 'sum', 'out'] as const;
export type BlockTap = (typeof BLOCK_TAPS)[number];

/** Id of a tap of a block, e.g. tapId('stage2.block0', 'bn1') = 'stage2.block0.bn1'. */
export function tapId(block: string, tap: BlockTap): string {
  return `${block}.${tap}`;
}

export type ParamRole = 'weight' | 'bias' | 'gamma' | 'beta' | 'running_mean' | 'running_var';

const TORCH_SUFFIX: Record<ParamRole, string> = {
  weight: 'weight', bias: 'bias', gamma: 'weight', beta: 'bias', running_mean: 'running_mean', running_var: 'running_var',
};

/** PyTorch module path of a layer inside a block (c1, b1, ...); conv/bn are the Sequential children proj.0/proj.1. */
const TORCH_BLOCK_LAYER: Record<string, string> = {
  conv1: 'c1', bn1: 'b1', conv2: 'c2', bn2: 'b2', 'shortcut.conv': 'proj.0', 'shortcut.bn': 'proj.1',
};
const TORCH_TOP_LAYER: Record<string, string> = { 'stem.conv': 'stem.0', 'stem.bn': 'stem.1', fc: 'fc' };

const BLOCK_RE = /^stage(\d+)\.block(\d+)\.(.+)$/;

/** Splits a parameter id into its layer id and role ('stage1.block0.bn1.gamma' -> ['stage1.block0.bn1', 'gamma']). */
export function splitParamId(paramId: string): { layer: string; role: ParamRole } {
  const dot = paramId.lastIndexOf('.');
  const role = paramId.slice(dot + 1);
  if (dot < 0 || !(role in TORCH_SUFFIX)) throw new Error(`'${paramId}' is not a parameter id (expected <layer>.<weight|bias|gamma|beta|running_mean|running_var>).`);
  return { layer: paramId.slice(0, dot), role: role as ParamRole };
}

/** PyTorch state-dict key of a parameter id; blocksPerStage turns (stage, block) into the flat `body.{i}` index. */
export function torchKey(paramId: string, blocksPerStage: number): string {
  const { layer, role } = splitParamId(paramId);
  const suffix = TORCH_SUFFIX[role];
  const top = TORCH_TOP_LAYER[layer];
  if (top) return `${top}.${suffix}`;
  const m = BLOCK_RE.exec(layer);
  const inner = m ? TORCH_BLOCK_LAYER[m[3]!] : undefined;
  if (!m || !inner) throw new Error(`Parameter id '${paramId}' has no PyTorch key (unknown layer '${layer}').`);
  const index = (Number(m[1]) - 1) * blocksPerStage + Number(m[2]);
  return `body.${index}.${inner}.${suffix}`;
}

/** Ids of the responses the paper's Figure 7 plots: the BN after every 3x3 conv, in forward order (stem, then bn1, bn2 of each block). */
export function responseLayerIds(blockIds: readonly string[]): string[] {
  return ['stem.bn', ...blockIds.flatMap((b) => [tapId(b, 'bn1'), tapId(b, 'bn2')])];
}

/** The units a net's parameters belong to, in forward order: 'stem', every block id of 3 stages of n blocks, 'fc'. */
export function paramUnits(blocksPerStage: number): string[] {
  const blocks = [1, 2, 3].flatMap((s) => Array.from({ length: blocksPerStage }, (_v, b) => blockId(s, b)));
  return ['stem', ...blocks, 'fc'];
}

/** The unit of a parameter id: 'stem' (stem.conv, stem.bn), its block ('stage2.block0'), or 'fc'. */
export function paramUnit(paramId: string): string {
  const { layer } = splitParamId(paramId);
  if (layer.startsWith('stem.')) return 'stem';
  if (layer === 'fc') return 'fc';
  const m = BLOCK_RE.exec(layer);
  if (!m) throw new Error(`Parameter id '${paramId}' belongs to no unit (stem, stage<s>.block<b>, fc).`);
  return blockId(Number(m[1]), Number(m[2]));
}
