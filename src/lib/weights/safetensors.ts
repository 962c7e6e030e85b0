/**
 * The safetensors format (Hugging Face): 8-byte little-endian header length N, N bytes of JSON
 * {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {...}}, then the raw little-endian data.
 * Pure byte handling, no tensors.
 */

export interface SafetensorsEntry {
  readonly dtype: string;
  readonly shape: readonly number[];
  /** The entry's raw bytes (a view into the file). */
  readonly bytes: Uint8Array;
}

export interface SafetensorsFile {
  readonly tensors: ReadonlyMap<string, SafetensorsEntry>;
  readonly metadata: Readonly<Record<string, string>>;
}

const DTYPE_BYTES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

function fail(problem: string): never {
  throw new Error(`Not a valid safetensors file: ${problem}. Export weights with safetensors.torch.save_file (or this site's export).`);
}

function parseHeader(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.byteLength < 10) fail(`only ${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n < 2 || 8 + n > bytes.byteLength) fail(`the header claims ${n} bytes but the file has ${bytes.byteLength}`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch {
    fail('the header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('the header is not a JSON object');
  return { header: header as Record<string, unknown>, dataStart: 8 + n };
}

function parseEntry(name: string, raw: unknown, data: Uint8Array): SafetensorsEntry {
  const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  const width = typeof e.dtype === 'string' ? DTYPE_BYTES[e.dtype] : undefined;
  if (width === undefined) fail(`tensor '${name}' has unknown dtype ${JSON.stringify(e.dtype)}`);
  const shape = e.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`tensor '${name}' has a bad shape`);
  const off = e.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isInteger(o) && o >= 0)) fail(`tensor '${name}' has bad data_offsets`);
  const [begin, end] = off as [number, number];
  const expected = (shape as number[]).reduce((a, b) => a * b, 1) * width;
  if (end - begin !== expected) fail(`tensor '${name}' spans ${end - begin} bytes but dtype and shape need ${expected}`);
  if (end > data.byteLength) fail(`tensor '${name}' ends at byte ${end} past the data (${data.byteLength} bytes; truncated file?)`);
  return { dtype: e.dtype as string, shape: shape as number[], bytes: data.subarray(begin, end) };
}

/** Parses a safetensors file; throws a message naming the problem for anything else. */
export function parseSafetensors(input: Uint8Array | ArrayBuffer): SafetensorsFile {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const { header, dataStart } = parseHeader(bytes);
  const data = bytes.subarray(dataStart);
  const tensors = new Map<string, SafetensorsEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') metadata = (raw ?? {}) as Record<string, string>;
    else tensors.set(name, parseEntry(name, raw, data));
  }
  return { tensors, metadata };
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** The values of a floating-point entry as float32 (F32, F64, F16 and BF16 are accepted). */
export function entryToFloat32(name: string, e: SafetensorsEntry): Float32Array {
  const view = new DataView(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength);
  const width = DTYPE_BYTES[e.dtype]!;
  const out = new Float32Array(e.bytes.byteLength / width);
  const read: ((i: number) => number) | undefined = {
    F32: (i: number) => view.getFloat32(i * 4, true),
    F64: (i: number) => view.getFloat64(i * 8, true),
    F16: (i: number) => halfToFloat(view.getUint16(i * 2, true)),
    BF16: (i: number) => new Float32Array(new Uint32Array([view.getUint16(i * 2, true) << 16]).buffer)[0]!,
  }[e.dtype];
  if (!read) throw new Error(`Tensor '${name}' has dtype ${e.dtype}; only floating-point weights (F32, F64, F16, BF16) can be loaded.`);
  for (let i = 0; i < out.length; i++) out[i] = read(i);
  return out;
}

/** Serialises float32 tensors (in the given order) with an 8-byte-aligned header, as the reference writer does. */
export function writeSafetensors(tensors: ReadonlyArray<{ name: string; shape: readonly number[]; data: Float32Array }>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const t of tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.data.length) throw new Error(`Tensor '${t.name}' has ${t.data.length} values but shape [${t.shape.join(', ')}] needs ${size}.`);
    header[t.name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + size * 4] };
    offset += size * 4;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let pos = 8 + head.length;
  for (const t of tensors) {
    for (let i = 0; i < t.data.length; i++, pos += 4) view.setFloat32(pos, t.data[i]!, true);
  }
  return out;
}
