// A landing page's own code, bundled with the module by a bundler (the landing-page guide, "With
// a bundler"): import the package by name, point it at the .wasm among the page's assets, and
// use the core. tests/browser/bundler.test.mjs bundles this file with esbuild exactly as
// package.json's "build" script does and runs it in Chromium.
import { loadOptinCapture, wasmSimdSupported } from '@optin-capture/core';

const out = document.querySelector('#out');
try {
  // Two builds: with WebAssembly SIMD (signs faster) and without, for older engines.
  const simd = wasmSimdSupported();
  const wasmUrl = simd ? new URL('optin-capture.wasm', import.meta.url)
                       : new URL('optin-capture-nosimd.wasm', import.meta.url);
  const capture = await loadOptinCapture({ simd, wasmUrl });
  // The core's own validation and normalisation, in the visitor's browser.
  const phone = capture.fieldCheck('phone_nl', '06-1234 5678');
  const wrong = capture.fieldCheck('postcode_nl', '1234');
  out.textContent = JSON.stringify({ version: capture.version(), simd: capture.build().simd, phone, wrong });
  document.body.dataset.state = 'ready';
} catch (e) {
  out.textContent = String(e?.stack ?? e);
  document.body.dataset.state = 'failed';
}
