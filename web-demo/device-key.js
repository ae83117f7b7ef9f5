// The device key (DESIGN.md "device_key"): an Ed25519 key made once per browser by the WebAssembly
// module's keygen (libsodium, Web Crypto randomness) and kept in IndexedDB. Records carry its
// public half; the seed never leaves this browser.
import { addIfAbsent, get } from './db.js';

const kKeyName = 'device-ed25519';

export async function deviceKey(capture) {
  const stored = await get('keys', kKeyName);
  if (stored) return stored;
  const made = capture.keygen();
  if (!made.ok) throw new Error(`keygen: ${made.error.message}`);
  // Two tabs may race on the first visit: add-if-absent keeps the first key, so every record of
  // this browser carries one device key.
  await addIfAbsent('keys', {
    name: kKeyName,
    seed: made.seed,
    public_key: made.public_key,
    created_at: new Date().toISOString(),
  });
  return get('keys', kKeyName);
}
