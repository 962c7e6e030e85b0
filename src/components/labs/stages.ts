/** What each tap of a basic block is, in words, for the stepper's headings and notes. */
import type { ShortcutPlan } from '../../core/model/architecture.ts';
import type { BlockTap } from '../../core/model/naming.ts';

/** Heading and one explanatory sentence of a stage of a block whose shortcut is `shortcut` (the block plan's). */
export function stageText(tap: BlockTap, opts: { stride: number; shortcut: ShortcutPlan }): { title: string; note: string } {
  const residual = opts.shortcut !== 'none';
  switch (tap) {
    case 'x': return { title: 'x: the block\'s input', note: 'The feature maps that enter the block (the previous block\'s output).' };
    case 'conv1': return { title: `conv1: 3×3 convolution${opts.stride > 1 ? ', stride 2' : ''}`, note: opts.stride > 1 ? 'Halves the map and doubles the channels: this block changes shape.' : 'Same size in, same size out.' };
    case 'bn1': return { title: 'bn1: BatchNorm', note: 'Each channel shifted and scaled with the statistics learnt in training.' };
    case 'relu1': return { title: 'ReLU', note: 'Negative values (purple) become zero (white).' };
    case 'conv2': return { title: 'conv2: 3×3 convolution', note: 'The second convolution of the residual branch.' };
    case 'bn2': return { title: residual ? 'bn2 = F(x), the residual' : 'bn2: the block\'s whole transformation', note: residual ? 'What the branch adds to what the shortcut carries; the bars below compare their sizes channel by channel.' : 'In a plain net this is all there is: the block must produce its whole output from here.' };
    case 'shortcut': return opts.shortcut === 'projection'
      ? { title: `shortcut: W_s x (1×1 conv${opts.stride > 1 ? ', stride 2' : ''}, + BN)`, note: 'Shapes differ here, so x is projected to the new size and width before the addition.' }
      : opts.shortcut === 'zeropad'
        ? { title: 'shortcut: x subsampled, zero channels added (option A)', note: 'Shapes differ here: every other row and column of x is kept and the new channels are zeros, with no weights at all.' }
        : { title: 'shortcut: x itself', note: 'The identity: x is carried around the branch unchanged.' };
    case 'sum': return { title: 'F(x) + shortcut', note: 'The addition: the branch\'s correction on top of what the shortcut carried.' };
    case 'out': return { title: residual ? 'ReLU(F(x) + x): the block\'s output' : 'ReLU(bn2): the block\'s output', note: 'This is the next block\'s x.' };
  }
}
