import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entryToFloat32, parseSafetensors, writeSafetensors } from '../../../src/lib/weights/index.ts';

/** A file with a hand-written header and data, to feed the parser malformed input. */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(0), claimed?: number): Uint8Array {
  const head = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + head.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(claimed ?? head.length), true);
  out.set(head, 8);
  out.set(data, 8 + head.length);
  return out;
}

describe('safetensors', () => {
  it('round-trips float32 tensors and metadata, with an 8-byte-aligned header', () => {
    const a = Float32Array.from([1.5, -2, 3.25, 0, 1e-8, -7]);
    const bytes = writeSafetensors([{ name: 'a', shape: [2, 3], data: a }, { name: 'b', shape: [1], data: Float32Array.of(42) }], { note: 'x' });
    expect((8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))) % 8).toBe(0);
    const file = parseSafetensors(bytes);
    expect(file.metadata).toEqual({ note: 'x' });
    expect(file.tensors.get('a')!.shape).toEqual([2, 3]);
    expect(entryToFloat32('a', file.tensors.get('a')!)).toEqual(a);
    expect(entryToFloat32('b', file.tensors.get('b')!)).toEqual(Float32Array.of(42));
  });

  it('reads the reference weights file', () => {
    const file = parseSafetensors(readFileSync('public/models/resnet20_sgd30.safetensors'));
    expect(file.tensors.size).toBe(108);
    expect(file.tensors.get('stem.0.weight')!.shape).toEqual([16, 3, 3, 3]);
  });

  it('converts F16, BF16 and F64 to float32', () => {
    const f16 = Uint8Array.of(0x00, 0x3c, 0x00, 0xc0, 0x00, 0x35); // 1, -2, 0.3125
    const bf16 = Uint8Array.of(0x80, 0x3f, 0x40, 0xc0); // 1, -3
    const f64 = new Uint8Array(Float64Array.of(0.1, -4).buffer);
    const file = parseSafetensors(rawFile({
      h: { dtype: 'F16', shape: [3], data_offsets: [0, 6] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [6, 10] },
      d: { dtype: 'F64', shape: [2], data_offsets: [10, 26] },
    }, new Uint8Array([...f16, ...bf16, ...f64])));
    expect(entryToFloat32('h', file.tensors.get('h')!)).toEqual(Float32Array.of(1, -2, 0.3125));
    expect(entryToFloat32('b', file.tensors.get('b')!)).toEqual(Float32Array.of(1, -3));
    expect(entryToFloat32('d', file.tensors.get('d')!)).toEqual(Float32Array.of(0.1, -4));
  });

  it('refuses integer tensors as weights, naming the tensor', () => {
    const file = parseSafetensors(rawFile({ n: { dtype: 'I64', shape: [], data_offsets: [0, 8] } }, new Uint8Array(8)));
    expect(() => entryToFloat32('n', file.tensors.get('n')!)).toThrow(/'n' has dtype I64/);
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['a PNG', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), /header claims/],
    ['a tiny file', Uint8Array.of(1, 2, 3), /only 3 bytes/],
    ['a header that is not JSON', rawFile('{not json'), /not JSON/],
    ['a JSON array header', rawFile([1, 2]), /not a JSON object/],
    ['an unknown dtype', rawFile({ a: { dtype: 'Q8', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)), /unknown dtype/],
    ['offsets that do not fit the shape', rawFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(8)), /spans 4 bytes but dtype and shape need 8/],
    ['a truncated file', rawFile({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)), /truncated/],
  ])('rejects %s with a clear message', (_what, bytes, message) => {
    expect(() => parseSafetensors(bytes)).toThrow(/Not a valid safetensors file/);
    expect(() => parseSafetensors(bytes)).toThrow(message);
  });

  it('refuses to write a tensor whose data does not match its shape', () => {
    expect(() => writeSafetensors([{ name: 'w', shape: [2, 2], data: new Float32Array(3) }])).toThrow(/'w' has 3 values but shape \[2, 2\] needs 4/);
  });
});
