/** Checksums of byte arrays: sha256 through WebCrypto (browsers, workers and Node 24 alike) and md5 in plain code. */
export { md5Hex } from './md5.ts';

/** Lower-case hex sha256 of `bytes`. WebCrypto needs a secure context in browsers (https or localhost). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('sha256 needs WebCrypto (crypto.subtle): open the site over https or from localhost.');
  const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return toHex(new Uint8Array(digest));
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** An Error saying which file failed its checksum, both hashes, and what to do about it. */
export function checksumError(file: string, algorithm: string, expected: string, actual: string, fix: string): Error {
  return new Error(`${file}: ${algorithm} mismatch (expected ${expected}, got ${actual}). ${fix}`);
}
