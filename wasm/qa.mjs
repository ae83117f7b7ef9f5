// @optin-capture/core/qa: the module's QA build. Everything loadOptinCapture() gives, plus campaign
// QA (R21): the manifest lint and the landing-page lint with the rules and report bytes of
// `optin qa`. Separate because landing pages never lint themselves and need not download the HTML
// tokenizer, page rules and phrase lists (about 14 KB gzip); QA pages and tools load this instead.
import createOptinCaptureQa from './optin-capture-qa.mjs';
import { bindCapture, instantiate, qaCall } from './index.mjs';

export async function loadOptinCaptureQa(options = {}) {
  const api = bindCapture(await instantiate(createOptinCaptureQa, './optin-capture-qa.wasm', options));
  const { m, call, text, str } = api[qaCall];
  delete api[qaCall];
  // One QA build, without SIMD (QA pages need no signing speed); options.simd does not apply.
  return Object.freeze({
    ...api,
    build: () => ({ ok: true, simd: false, file: 'optin-capture-qa.wasm' }),
    lintManifest: (manifest) => call(m._optin_lintManifest, text(manifest)),
    qaForm: (manifest, html, options) =>
        call(m._optin_qaForm, text(manifest), str(html), options ? text(options) : str('')),
  });
}

export default loadOptinCaptureQa;
