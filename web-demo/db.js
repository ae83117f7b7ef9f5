// The page's IndexedDB: one database, three stores. "outbox" holds signed envelopes until the
// server confirms them (and their receipts after that); "keys" holds the device key;
// "withdrawals" holds withdrawals made offline until the server has recorded them. Tiny promise
// wrappers only: IndexedDB's events are the whole API surface the page needs.
const kName = 'optin-capture-demo';
const kVersion = 2;  // 2: the withdrawals store

let opened = null;

export function openDb() {
  if (!opened) {
    opened = new Promise((resolve, reject) => {
      const request = indexedDB.open(kName, kVersion);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'id' });
        if (!db.objectStoreNames.contains('keys')) db.createObjectStore('keys', { keyPath: 'name' });
        if (!db.objectStoreNames.contains('withdrawals')) {
          db.createObjectStore('withdrawals', { keyPath: 'id' });
        }
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return opened;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Resolves when the transaction has committed: a stored envelope is durable before it is sent.
function committed(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export async function get(store, key) {
  const db = await openDb();
  return done(db.transaction(store).objectStore(store).get(key));
}

export async function getAll(store) {
  const db = await openDb();
  return done(db.transaction(store).objectStore(store).getAll());
}

export async function put(store, value) {
  const db = await openDb();
  const tx = db.transaction(store, 'readwrite', { durability: 'strict' });
  tx.objectStore(store).put(value);
  return committed(tx);
}

// Adds only when the key is new; resolves to false when it already exists (no overwrite).
export async function addIfAbsent(store, value) {
  const db = await openDb();
  const tx = db.transaction(store, 'readwrite', { durability: 'strict' });
  const request = tx.objectStore(store).add(value);
  request.onerror = (event) => {
    event.preventDefault();  // a ConstraintError means someone else stored it first: keep theirs
  };
  try {
    await committed(tx);
    return true;
  } catch {
    return false;
  }
}
