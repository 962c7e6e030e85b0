/**
 * The reader's own trained model, handed from the train page to the block stepper: PyTorch-layout safetensors bytes
 * in IndexedDB (too big for localStorage), one slot.
 */
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

/** Stores the ResNet-20 weights (safetensors bytes, PyTorch keys) for the stepper's "my model". */
export function saveMyWeights(bytes: Uint8Array): Promise<void> {
  return run<void>('readwrite', (s) => s.put(bytes, KEY)).then(() => undefined);
}

/** The stored weights, or null when none were sent yet. */
export async function loadMyWeights(): Promise<Uint8Array | null> {
  const v = await run<unknown>('readonly', (s) => s.get(KEY));
  return v instanceof Uint8Array ? v : null;
}
