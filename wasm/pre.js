// libsodium 1.0.18 looks for window.crypto or self.crypto, then require('crypto'). Under node 20
// an ES module has neither `self` nor `require`, so hand it the Web Crypto API that browsers,
// workers and node 20 all share as globalThis.crypto. A caller may still pass its own.
if (Module['getRandomValue'] === undefined && typeof globalThis.crypto === 'object' &&
    typeof globalThis.crypto.getRandomValues === 'function') {
  Module['getRandomValue'] = function() {
    var buf = new Uint32Array(1);
    globalThis.crypto.getRandomValues(buf);
    return buf[0] >>> 0;
  };
}

// Emscripten 3.1.6 reads __dirname while loading under node, which an ES module lacks. The
// loader (index.mjs) passes wasmBinary in node, so the directory is never used to read a file.
var __dirname = '';
