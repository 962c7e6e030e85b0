/**
 * MD5 (RFC 1321), only to check the members of the official cifar-10-binary.tar.gz against their published md5s:
 * WebCrypto has no MD5. Not for anything security-related.
 */

/** Per-round left-rotation amounts. */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
/** K[i] = floor(|sin(i + 1)| * 2^32). */
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

/** Lower-case hex MD5 of `bytes`. */
export function md5Hex(bytes: Uint8Array): string {
  const state = new Uint32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]);
  const words = new Uint32Array(16);
  const fullBlocks = Math.floor(bytes.length / 64);
  for (let b = 0; b < fullBlocks; b++) {
    readWords(bytes, b * 64, words);
    compress(state, words);
  }
  for (const block of tailBlocks(bytes, fullBlocks * 64)) {
    readWords(block, 0, words);
    compress(state, words);
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) out[i * 4 + j] = (state[i]! >>> (8 * j)) & 0xff;
  return Array.from(out, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The last partial block plus padding (0x80, zeros, 64-bit little-endian bit length): one or two 64-byte blocks. */
function tailBlocks(bytes: Uint8Array, start: number): Uint8Array[] {
  const rest = bytes.length - start;
  const tail = new Uint8Array(rest < 56 ? 64 : 128);
  tail.set(bytes.subarray(start));
  tail[rest] = 0x80;
  const bits = bytes.length * 8;
  const view = new DataView(tail.buffer);
  view.setUint32(tail.length - 8, bits >>> 0, true);
  view.setUint32(tail.length - 4, Math.floor(bits / 2 ** 32), true);
  return tail.length === 64 ? [tail] : [tail.subarray(0, 64), tail.subarray(64)];
}

/** 16 little-endian 32-bit words from bytes[offset .. offset + 64). */
function readWords(bytes: Uint8Array, offset: number, words: Uint32Array): void {
  for (let i = 0; i < 16; i++) {
    const o = offset + i * 4;
    words[i] = (bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24)) >>> 0;
  }
}

/** One 64-step MD5 compression of a block into `state`. */
function compress(state: Uint32Array, words: Uint32Array): void {
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  for (let i = 0; i < 64; i++) {
    const round = i >> 4;
    let f: number;
    let g: number;
    if (round === 0) { f = (b & c) | (~b & d); g = i; }
    else if (round === 1) { f = (d & b) | (~d & c); g = (5 * i + 1) & 15; }
    else if (round === 2) { f = b ^ c ^ d; g = (3 * i + 5) & 15; }
    else { f = c ^ (b | ~d); g = (7 * i) & 15; }
    const sum = (a + f + K[i]! + words[g]!) | 0;
    const s = SHIFTS[(round << 2) | (i & 3)]!;
    a = d;
    d = c;
    c = b;
    b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
}
