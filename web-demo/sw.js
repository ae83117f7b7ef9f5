// Service worker (R7): after the first visit the pages, the scripts, the WebAssembly module and the
// signed manifest come from the cache when the network is gone. GET requests go to the network
// first (so a new manifest version or page reaches people at once) and fall back to the cache;
// every good answer refreshes the cache. POSTs (submissions) are never touched: the outbox owns
// them, and a cached answer to a POST would be a lie.
const kCache = 'optin-demo-v3';
const kPages = ['./', 'index.html', 'partner.html', 'receipt.html', 'withdraw.html', 'style.css',
                'ebike.svg', 'config.json', 'app.js', 'campaign.js', 'context.js', 'db.js',
                'device-key.js', 'form.js', 'outbox.js', 'outbox-view.js', 'traffic.js',
                'receipt.js', 'withdraw.js', 'consent.html', 'consent.js'];

// The build of the module this engine will load (wasm/index.mjs picks it with the same probe:
// the smallest module with a SIMD instruction), so only that one is downloaded and kept.
const kSimdProbe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
                                   10, 8, 1, 6, 0, 65, 0, 253, 15, 11]);
function moduleFile() {
  try {
    return WebAssembly.validate(kSimdProbe) ? 'optin-capture.wasm' : 'optin-capture-nosimd.wasm';
  } catch {
    return 'optin-capture-nosimd.wasm';
  }
}

async function precache() {
  const cache = await caches.open(kCache);
  await cache.addAll(kPages);
  // The module and the API answers the pages need, as config.json names them.
  const config = await (await fetch('config.json', { cache: 'no-store' })).json();
  const api = (config.api || '/v1').replace(/\/$/, '');
  const wasm = new URL(config.wasm || '/wasm/index.mjs', self.location.href);
  await cache.addAll([
    wasm.href,
    new URL('optin-capture.mjs', wasm).href,
    new URL(moduleFile(), wasm).href,
    `${api}/campaigns/${encodeURIComponent(config.campaign || 'example')}`,
    `${api}/keys`,
  ]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== kCache) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function networkFirst(request) {
  const cache = await caches.open(kCache);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (offline) {
    // Pages carry traffic parameters (?utm_...): any query of a cached page is the same page.
    const cached = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
    if (cached) return cached;
    throw offline;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(networkFirst(request));
});
