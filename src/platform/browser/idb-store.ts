/** Where checkpoints persist across reloads: IndexedDB, one slot per run id (bytes plus a small info record). */
/** What IndexedDB holds about a saved run, readable without loading it. */
export interface SavedRunInfo {
  readonly runId: string;
  readonly step: number;
  readonly epoch: number;
  readonly totalSteps: number;
  readonly recipe: string;
  readonly savedAt: number;
  readonly bytes: number;
}

export interface CheckpointStore {
  put(info: SavedRunInfo, bytes: Uint8Array): Promise<void>;
  get(runId: string): Promise<{ info: SavedRunInfo; bytes: Uint8Array } | null>;
  info(runId: string): Promise<SavedRunInfo | null>;
  delete(runId: string): Promise<void>;
}

const DB = 'resnet-lab-training';
const BYTES = 'checkpoints';
const INFO = 'info';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** An IndexedDB store, or null where there is no IndexedDB (Node, some private modes). */
export async function openIndexedDbStore(): Promise<CheckpointStore | null> {
  if (typeof indexedDB === 'undefined') return null;
  const open = indexedDB.open(DB, 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore(BYTES);
    open.result.createObjectStore(INFO);
  };
  let db: IDBDatabase;
  try {
    db = await request(open);
  } catch {
    return null;
  }
  return {
    async put(info, bytes) {
      const tx = db.transaction([BYTES, INFO], 'readwrite');
      // A copy with its own buffer: the caller's array may be a view or get transferred.
      tx.objectStore(BYTES).put(bytes.slice().buffer, info.runId);
      tx.objectStore(INFO).put(info, info.runId);
      await done(tx);
    },
    async get(runId) {
      const tx = db.transaction([BYTES, INFO], 'readonly');
      const [buf, info] = await Promise.all([request(tx.objectStore(BYTES).get(runId)), request(tx.objectStore(INFO).get(runId))]);
      return buf instanceof ArrayBuffer && info ? { info: info as SavedRunInfo, bytes: new Uint8Array(buf) } : null;
    },
    async info(runId) {
      const tx = db.transaction(INFO, 'readonly');
      return ((await request(tx.objectStore(INFO).get(runId))) as SavedRunInfo | undefined) ?? null;
    },
    async delete(runId) {
      const tx = db.transaction([BYTES, INFO], 'readwrite');
      tx.objectStore(BYTES).delete(runId);
      tx.objectStore(INFO).delete(runId);
      await done(tx);
    },
  };
}

/** Whether an error from put() means the storage quota is full. */
export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name ?? '';
  return name === 'QuotaExceededError' || /quota/i.test(String((e as Error | null)?.message ?? e));
}
