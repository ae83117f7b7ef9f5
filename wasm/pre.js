// libsodium 1.0.18 looks for window.crypto or self.crypto, then require('crypto'). Under node 20
// an ES module has neither `self` nor `require`, so hand it the Web Crypto API that browsers,
// workers and node 20 all share as globalThis.crypto. A caller may still pass its own.
// libsodium asks for 32 bits at a time and one getRandomValues call costs about as much as 64
// words (node's is especially slow), so words are drawn 64 at a time and each is handed out once.
if (Module['getRandomValue'] === undefined && typeof globalThis.crypto === 'object' &&
    typeof globalThis.crypto.getRandomValues === 'function') {
  var randomPool = new Uint32Array(64);
  var randomNext = randomPool.length;
  Module['getRandomValue'] = function() {
    if (randomNext === randomPool.length) {
      globalThis.crypto.getRandomValues(randomPool);
      randomNext = 0;
    }
    var value = randomPool[randomNext];
    randomPool[randomNext++] = 0;
    return value >>> 0;
  };
}

// Emscripten 3.1.6 reads __dirname while loading under node, which an ES module lacks. The
// loader (index.mjs) passes wasmBinary in node, so the directory is never used to read a file.
var __dirname = '';
