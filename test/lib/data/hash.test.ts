import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5Hex, sha256Hex } from '../../../src/lib/data/hash.ts';
import { Rng } from '../../../src/core/random.ts';

describe('md5Hex', () => {
  it('matches the RFC 1321 test suite', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(md5Hex(enc(''))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex(enc('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex(enc('message digest'))).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(md5Hex(enc('12345678901234567890123456789012345678901234567890123456789012345678901234567890')))
      .toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it('agrees with node:crypto at every length around the 56- and 64-byte padding boundaries', () => {
    const rng = Rng.fromSeed(1);
    for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 3073]) {
      const bytes = Uint8Array.from({ length: n }, () => rng.int(256));
      expect(md5Hex(bytes), `length ${n}`).toBe(createHash('md5').update(bytes).digest('hex'));
    }
  });
});

describe('sha256Hex', () => {
  it('agrees with node:crypto', async () => {
    const bytes = Uint8Array.from({ length: 777 }, (_, i) => (i * 31) & 255);
    expect(await sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
