/**
 * Seeded randomness for everything that must reproduce: initialisation, the train/validation split, shuffling and
 * augmentation. sfc32 (Chris Doty-Humphrey's small fast counter generator): 128 bits of state that can be saved in a
 * checkpoint and restored exactly.
 */

/** The generator's whole state: four unsigned 32-bit words. */
export type RngState = readonly [number, number, number, number];

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(state: RngState) {
    [this.a, this.b, this.c, this.d] = state;
  }

  /** A generator for an integer seed; equal seeds give equal sequences. */
  static fromSeed(seed: number): Rng {
    if (!Number.isFinite(seed)) throw new Error(`Seed must be a finite number, got ${seed}.`);
    const s = Math.trunc(seed);
    // Spread the seed over the state with splitmix-style mixing, then discard the first outputs.
    const rng = new Rng([0x9e3779b9, s >>> 0, Math.floor(s / 2 ** 32) >>> 0, 0x243f6a88 ^ (s >>> 0)]);
    for (let i = 0; i < 16; i++) rng.nextUint32();
    return rng;
  }

  /** Resumes a generator from `state()`. */
  static fromState(state: RngState): Rng {
    if (state.length !== 4 || state.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
      throw new Error(`An RNG state is four unsigned 32-bit integers, got ${JSON.stringify(state)}.`);
    }
    return new Rng(state);
  }

  /** The current state; `Rng.fromState(rng.state())` continues the same sequence. */
  state(): RngState {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`int(n) needs a positive integer n, got ${n}.`);
    return Math.floor(this.next() * n);
  }

  /** Standard normal sample (Box-Muller; no cached spare, so the state alone determines the sequence). */
  normal(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /** A new generator derived from this one and a label, so independent streams (init, split, shuffle) stay independent. */
  fork(label: string): Rng {
    let h = 0x811c9dc5;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
    const child = new Rng([this.nextUint32() ^ h, this.nextUint32(), this.nextUint32(), this.nextUint32()]);
    for (let i = 0; i < 8; i++) child.nextUint32();
    return child;
  }
}
