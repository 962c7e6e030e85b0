/**
 * The reader's own model, handed from the train page (or an upload) to the block stepper: PyTorch-layout safetensors
 * bytes in IndexedDB (too big for localStorage), one slot, with the network when the reader settled it (an upload
 * that keys and shapes alone cannot decide).
 */
import { describeModel } from '../../core/model/detect.ts';
import type { ModelConfig } from '../../core/model/types.ts';
import { readWeights } from '../../lib/weights/read.ts';

const DB = 'resnet-lab-labs';
const STORE = 'models';
const KEY = 'mine';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new Error(`IndexedDB is unavailable here (${req.error?.message ?? 'unknown'}); private windows may block it.`));
  });
}

async function run<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = f(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result as T);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed.'));
    });
  } finally {
    db.close();
  }
}

/** The stored model: its weights, and its network when the file alone does not say (else null: detect it). */
export interface MyModel {
  readonly bytes: Uint8Array;
  readonly config: ModelConfig | null;
}

/** Stores weights (safetensors bytes, PyTorch keys) for the stepper's "my model"; `config` when the reader chose it. */
export function saveMyWeights(bytes: Uint8Array, config: ModelConfig | null = null): Promise<void> {
  return run<void>('readwrite', (s) => s.put({ bytes, config }, KEY)).then(() => undefined);
}

/** The stored model, or null when none was sent yet (a bare Uint8Array is what earlier versions stored). */
export async function loadMyWeights(): Promise<MyModel | null> {
  const v = await run<unknown>('readonly', (s) => s.get(KEY));
  if (v instanceof Uint8Array) return { bytes: v, config: null };
  const o = v as Partial<MyModel> | undefined;
  return o?.bytes instanceof Uint8Array ? { bytes: o.bytes, config: o.config ?? null } : null;
}

/** The reader's model with its network settled: what the labs measure and how they name it. */
export interface MyNet {
  readonly config: ModelConfig;
  /** "ResNet-56, projection shortcuts, 855,786 parameters". */
  readonly label: string;
  /** Safetensors bytes, PyTorch layout. */
  readonly bytes: Uint8Array;
}

/**
 * The stored model with its network: the one stored with it, else the one its tensors fit (the first candidate where
 * a plain and an option-A net fit alike, as the stepper's default); null when none is stored, IndexedDB is
 * unavailable, or the file fits no network.
 */
export async function loadMyNet(): Promise<MyNet | null> {
  const mine = await loadMyWeights().catch(() => null);
  if (mine === null) return null;
  let config = mine.config;
  if (config === null) {
    const read = readWeights(mine.bytes, 'Your model');
    config = read.kind === 'model' ? read.model.config : read.kind === 'choice' ? read.candidates[0]!.config : null;
  }
  return config === null ? null : { config, label: describeModel(config), bytes: mine.bytes };
}
