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

/**
 * An uncompressed ustar archive of regular files (mode 644, owner 0, time 0 so the same files give the same bytes);
 * names up to 100 bytes. What the train lab's "export to PyTorch" downloads; readTar reads it back.
 */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const size = entries.reduce((n, e) => n + BLOCK + Math.ceil(e.data.length / BLOCK) * BLOCK, 2 * BLOCK);
  const out = new Uint8Array(size);
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    if (name.length === 0 || name.length > 100) throw new Error(`A tar entry's name must have 1 to 100 bytes: "${e.name}".`);
    const h = out.subarray(offset, offset + BLOCK);
    const field = (at: number, text: string) => h.set(enc.encode(text), at);
    h.set(name, 0);
    field(100, '0000644\0');
    field(108, '0000000\0');
    field(116, '0000000\0');
    field(124, `${e.data.length.toString(8).padStart(11, '0')}\0`);
    field(136, '00000000000\0');
    h[156] = 0x30;
    field(257, 'ustar\0');
    field(263, '00');
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    field(148, `${sum.toString(8).padStart(6, '0')}\0 `);
    out.set(e.data, offset + BLOCK);
    offset += BLOCK + Math.ceil(e.data.length / BLOCK) * BLOCK;
  }
  return out;
}
