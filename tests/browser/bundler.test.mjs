// The landing-page guide's bundler example (docs/examples/bundler/): the page's code bundled with
// the built package by esbuild, as a page developer's build does, served as static files and run
// in Chromium. Fails when the package stops bundling for the browser (node-only code pulled in,
// a wrong "exports" or "browser" field) or when the bundled module cannot find its .wasm.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { build } from 'esbuild';

import { buildDir, launchBrowser, sourceDir } from './helpers.mjs';

const example = path.join(sourceDir, 'docs/examples/bundler');
const wasmDir = process.env.OPTIN_WASM_DIR || path.join(buildDir, 'wasm');

// What `npm install ./build/wasm` makes: the package linked under node_modules by its name.
function projectWithPackage() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optin-bundler-'));
  for (const file of ['page.mjs', 'index.html', 'package.json']) {
    fs.copyFileSync(path.join(example, file), path.join(dir, file));
  }
  fs.mkdirSync(path.join(dir, 'node_modules/@optin-capture'), { recursive: true });
  fs.symlinkSync(wasmDir, path.join(dir, 'node_modules/@optin-capture/core'), 'dir');
  return dir;
}

function serveStatic(root) {
  const types = { '.html': 'text/html', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  const server = http.createServer((req, res) => {
    const file = path.join(root, path.normalize(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the bundler example bundles with esbuild and runs the core in the browser', async (t) => {
  const dir = projectWithPackage();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  // The same command as the example's "build" script.
  const script = JSON.parse(fs.readFileSync(path.join(example, 'package.json'), 'utf8')).scripts.build;
  assert.match(script, /esbuild page\.mjs --bundle --format=esm --platform=browser --outfile=dist\/page\.bundle\.mjs/);
  const result = await build({
    absWorkingDir: dir, entryPoints: ['page.mjs'], bundle: true, format: 'esm', platform: 'browser',
    outfile: 'dist/page.bundle.mjs', logLevel: 'silent', metafile: true,
  });
  assert.deepEqual(result.errors, []);
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((i) => i.endsWith('optin-capture.mjs')), inputs.join(', '));
  assert.ok(!inputs.some((i) => /^(node:)?(fs|path)\b/.test(i)), 'no node built-ins in the bundle');
  fs.copyFileSync(path.join(dir, 'index.html'), path.join(dir, 'dist/index.html'));
  for (const file of ['optin-capture.wasm', 'optin-capture-nosimd.wasm']) {
    fs.copyFileSync(path.join(wasmDir, file), path.join(dir, 'dist', file));
  }

  const server = await serveStatic(path.join(dir, 'dist'));
  t.after(() => server.close());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { page } = browser;
  await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
  await page.waitForSelector('body[data-state]', { timeout: 20000 });
  const out = await page.textContent('#out');
  assert.equal(await page.getAttribute('body', 'data-state'), 'ready', out);
  const answer = JSON.parse(out);
  assert.equal(answer.version.ok, true);
  assert.equal(answer.simd, true, 'Chromium runs the SIMD build');
  assert.deepEqual(answer.phone, { ok: true, type: 'phone_nl', value: '+31612345678' });
  assert.equal(answer.wrong.ok, false);
  assert.equal(answer.wrong.error.code, 'postcode_invalid');
  assert.deepEqual(browser.errors, []);
});
