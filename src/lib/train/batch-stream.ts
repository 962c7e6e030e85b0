/** The order in which a training loop visits its images: seeded epochs of mini-batches. */
import { Rng, type RngState } from '../../core/random.ts';
import { stepsPerEpoch } from '../../core/train/schedules.ts';

/** Where a stream is, as plain data a checkpoint can hold. */
export interface StreamPosition {
  /** RNG state from which the current epoch's order was drawn (the next epoch's, when none is under way). */
  readonly shuffleState: RngState;
  /** Batches already taken from the current epoch. */
  readonly batchInEpoch: number;
}

/**
 * Mini-batch indices into a set of `count` images, epoch after epoch: each epoch is a fresh permutation drawn from the
 * seeded RNG, cut into consecutive batches of `batchSize`.
 *
 * The last partial batch is KEPT: an epoch has ceil(count / batchSize) batches and the last one holds the remaining
 * count mod batchSize images (PyTorch's DataLoader default, drop_last=False, which the tutorial uses). Every image is
 * seen exactly once per epoch, and the step counts of the recipes (core/train/schedules' stepsPerEpoch) hold. The
 * trainer and the degradation race both take their batches from here, so both follow this rule.
 */
export class BatchStream {
  readonly count: number;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  private readonly rng: Rng;
  private order: Uint32Array | null = null;
  private orderFrom: RngState;
  private taken: number;

  constructor(count: number, batchSize: number, from: StreamPosition) {
    this.count = count;
    this.batchSize = batchSize;
    this.stepsPerEpoch = stepsPerEpoch(count, batchSize);
    const { batchInEpoch } = from;
    if (!Number.isInteger(batchInEpoch) || batchInEpoch < 0 || batchInEpoch > this.stepsPerEpoch) {
      throw new Error(`A stream position of batch ${batchInEpoch} does not fit an epoch of ${this.stepsPerEpoch} batches.`);
    }
    this.rng = Rng.fromState(from.shuffleState);
    this.orderFrom = from.shuffleState;
    this.taken = batchInEpoch;
    // Within an epoch: redraw its order, which also leaves the RNG where the uninterrupted stream has it.
    if (batchInEpoch > 0) this.order = this.rng.permutation(count);
  }

  /** A stream at the start of its first epoch, shuffled from `rng`'s current state (`rng` itself is not advanced). */
  static fromRng(count: number, batchSize: number, rng: Rng): BatchStream {
    return new BatchStream(count, batchSize, { shuffleState: rng.state(), batchInEpoch: 0 });
  }

  /** Batches taken from the current epoch (stepsPerEpoch once it is done; 0 before the next one starts). */
  get batchInEpoch(): number {
    return this.taken;
  }

  /** True once the last batch of the current epoch has been taken. */
  get epochDone(): boolean {
    return this.order !== null && this.taken === this.stepsPerEpoch;
  }

  /** Indices of the next mini-batch (a view: do not modify); starts a new epoch, with a new order, when none is under way. */
  next(): Uint32Array {
    if (this.order === null || this.epochDone) {
      this.orderFrom = this.rng.state();
      this.order = this.rng.permutation(this.count);
      this.taken = 0;
    }
    const start = this.taken * this.batchSize;
    this.taken += 1;
    return this.order.subarray(start, Math.min(this.count, start + this.batchSize));
  }

  /** Closes a finished epoch now (next() would do it anyway), for loops that save their position at the boundary. */
  endEpoch(): void {
    if (!this.epochDone) throw new Error(`The epoch is not done: ${this.taken} of ${this.stepsPerEpoch} batches taken.`);
    this.order = null;
    this.taken = 0;
  }

  /** The position to save; a stream built from it continues with the very same batches. */
  position(): StreamPosition {
    if (this.order === null) return { shuffleState: this.rng.state(), batchInEpoch: 0 };
    return { shuffleState: this.orderFrom, batchInEpoch: this.taken };
  }
}
