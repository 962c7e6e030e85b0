/** The format of a precomputed loss slice (public/data/landscape/*.json, written by scripts/labs/landscape.ts). */

export interface LandscapeFile {
  readonly seed: number;
  /** Points per side; losses are row-major, row j along the second direction, column i along the first. */
  readonly size: number;
  /** The grid covers [-span, span]^2 in units of the filter-normalised directions. */
  readonly span: number;
  /** How many training images (the first ones, no augmentation) the loss averages over. */
  readonly images: number;
  readonly depth: number;
  /** BatchNorm statistics the loss was evaluated with. */
  readonly bn: 'running';
  /** The command that made the file. */
  readonly command: string;
  /** One slice per reference model (src/core/labs/reference-models.ts id), plain first. */
  readonly nets: readonly { readonly id: string; readonly losses: readonly number[] }[];
}

/** The file name of a slice, e.g. 'depth20-seed1-size41-span1-images256.json'. */
export function landscapeFileName(s: { depth: number; seed: number; size: number; span: number; images: number }): string {
  return `depth${s.depth}-seed${s.seed}-size${s.size}-span${s.span}-images${s.images}.json`;
}

/** Checks a parsed file's shape; returns it typed, or throws naming what is wrong. */
export function parseLandscapeFile(v: unknown): LandscapeFile {
  const f = v as Partial<LandscapeFile>;
  const ok = typeof f === 'object' && f !== null && typeof f.size === 'number' && typeof f.span === 'number' && Array.isArray(f.nets)
    && f.nets.every((n) => typeof n?.id === 'string' && Array.isArray(n.losses) && n.losses.length === f.size! * f.size!);
  if (!ok) throw new Error('The precomputed landscape file is damaged (expected size, span and size x size losses per net); rerun scripts/labs/landscape.ts.');
  return f as LandscapeFile;
}
