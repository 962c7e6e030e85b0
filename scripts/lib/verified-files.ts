/** File checks for `npm run data`: streamed sha256, size + sha256 verification, and writes that never leave a half file. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import { checksumError } from '../../src/lib/data/hash.ts';

/** What a data file must be. */
export interface Expected {
  name: string;
  size: number;
  sha256: string;
}

/** Lower-case hex sha256 of a file, streamed (the batch files are 23 MB each). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Why `path` is not the expected file, or undefined when its size and sha256 match. Size is checked first (cheap). */
export async function fileProblem(path: string, want: Expected): Promise<string | undefined> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return 'missing';
  }
  if (size !== want.size) return `${size} bytes instead of ${want.size}`;
  const got = await sha256File(path);
  return got === want.sha256 ? undefined : `sha256 ${got} instead of ${want.sha256}`;
}

/** sha256 of bytes in memory. */
export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Writes `bytes` to `path` only if their sha256 is `sha256`: first to `path.partial`, then an atomic rename, so an
 * interrupted run leaves at most a .partial file, never a complete-looking damaged one.
 */
export async function writeVerified(path: string, bytes: Uint8Array, sha256: string, fix: string): Promise<void> {
  const got = sha256Bytes(bytes);
  if (got !== sha256) throw checksumError(path, 'sha256', sha256, got, fix);
  const partial = `${path}.partial`;
  try {
    await writeFile(partial, bytes);
    await rename(partial, path);
  } catch (e) {
    await unlink(partial).catch(() => undefined);
    throw e;
  }
}
