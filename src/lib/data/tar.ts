/**
 * A small reader for (already gunzipped) tar archives: ustar, with GNU long names and pax path records, which is
 * what npm tarballs and the official cifar-10-binary.tar.gz use. Entries are views into the input, not copies.
 */

/** One regular file of an archive. */
export interface TarEntry {
  name: string;
  data: Uint8Array;
}

const BLOCK = 512;

/** The regular files of a tar archive, in archive order. Throws a clear Error when the bytes are not a tar archive. */
export function readTar(tar: Uint8Array, what = 'archive'): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    checkHeader(header, offset, what);
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156]!);
    const start = offset + BLOCK;
    if (start + size > tar.length) {
      throw new Error(`The ${what} is truncated: an entry needs ${size} bytes at offset ${start} but the file ends at ${tar.length}. Download it again.`);
    }
    const data = tar.subarray(start, start + size);
    if (type === 'L') longName = cString(data);
    else if (type === 'x') longName = paxPath(data) ?? longName;
    else {
      if (type === '0' || type === '\0') entries.push({ name: longName ?? headerName(header), data });
      longName = undefined;
    }
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

/** Verifies the header checksum (sum of bytes with the checksum field read as spaces). */
function checkHeader(header: Uint8Array, offset: number, what: string): void {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  const stored = octal(header.subarray(148, 156));
  if (stored !== sum) {
    throw new Error(`The ${what} is not a tar archive (bad header checksum at offset ${offset}). Check that you chose the right file and that it was gunzipped once.`);
  }
}

function headerName(header: Uint8Array): string {
  const name = cString(header.subarray(0, 100));
  const magic = cString(header.subarray(257, 263));
  const prefix = magic.startsWith('ustar') ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** The `path=` record of a pax extended header, if any. */
function paxPath(data: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(data);
  const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text);
  return m?.[1];
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}

function octal(bytes: Uint8Array): number {
  const s = cString(bytes).trim();
  return s === '' ? 0 : parseInt(s, 8);
}
