// The landing-page guide (docs/guide-landing-page.md), as a node script the tests run. It uses
// the built package exactly as a bundled page would (the same embed.mjs the HTML example loads)
// against a throw-away server: verify the manifest, check the texts to render, the traffic code
// from a partner URL, field errors, two records built offline and sent later in one batch, the
// receipts checked in the page, and a resend that adds nothing.
// Usage: node docs/examples/landing-page.mjs   (OPTIN_BUILD_DIR: the build with bin/ and wasm/)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import * as embed from './landing-page/embed.mjs';
import { trafficFromUrl } from '../../web-demo/traffic.js';

const sourceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const buildDir = process.env.OPTIN_BUILD_DIR ?? path.join(sourceDir, 'build');
const wasmDir = process.env.OPTIN_WASM_DIR ?? path.join(buildDir, 'wasm');
const serverBin = process.env.OPTIN_SERVER_BIN ?? path.join(buildDir, 'bin', 'optin-server');
for (const file of [path.join(wasmDir, 'index.mjs'), serverBin]) {
  if (!fs.existsSync(file)) throw new Error(`${file} is not built`);
}
const step = (text) => console.log(`\n== ${text}`);
const { buildEnvelope, checkReceipt, loadCampaign, sendEnvelopes } = embed;

// The HTML example imports only what embed.mjs and the package export (it cannot drift).
const html = fs.readFileSync(path.join(sourceDir, 'docs/examples/landing-page/index.html'), 'utf8');
const imported = /import \{([^}]+)\} from '\.\/embed\.mjs'/.exec(html);
assert.ok(imported, 'index.html imports embed.mjs');
for (const name of imported[1].split(',').map((n) => n.trim())) {
  assert.equal(typeof embed[name], 'function', `embed.mjs exports ${name}`);
}

async function freePort() {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// A throw-away server in development mode (it publishes the example campaign).
async function startServer(dataDir) {
  const port = await freePort();
  const child = spawn(serverBin, ['--data', dataDir, '--listen', `127.0.0.1:${port}`, '--dev'],
                      { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${base}/readyz`)).ok) return { child, base };
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`optin-server did not start: ${log}`);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'optin-landing-'));
const { child, base } = await startServer(path.join(work, 'data'));
try {
  const api = `${base}/v1`;

  step('1. Load the module (a bundler resolves "@optin-capture/core" to the same file)');
  const pkg = await import(pathToFileURL(path.join(wasmDir, 'index.mjs')).href);
  assert.match(html, /import \{ loadOptinCapture \} from '\/wasm\/index\.mjs'/);
  const { loadOptinCapture } = pkg;
  const capture = await loadOptinCapture();
  console.log('module', capture.version().version);

  step('2. The campaign, verified in the page; what the page must render');
  const campaign = await loadCampaign(capture, { api, campaign: 'fietsplezier-ebike-2026' });
  const { summary } = campaign;
  console.log(summary.shown_texts.map((t) => `${t.kind}${t.id ? ':' + t.id : ''}`).join(', '));
  assert.deepEqual(summary.shown_texts.map((t) => t.kind),
                   ['terms', 'privacy', 'consent', 'consent', 'consent', 'extra_question']);
  for (const field of summary.manifest.fields) assert.ok(field.purpose, `${field.name} purpose`);
  // A manifest changed by anyone but the advertiser is refused before anything is rendered.
  const forged = JSON.parse(campaign.signed);
  forged.manifest.consents[1].text += ' En ook over andere producten.';
  assert.equal(capture.verifyManifest(forged, campaign.advertiserKey).error.code,
               'manifest_signature_invalid');

  step('3. The traffic code from a partner page URL (web-demo/traffic.js)');
  const traffic = trafficFromUrl('https://www.winactieplein.nl/actie?partner=winactieplein' +
      '&utm_medium=email&utm_source=Nieuwsbrief&utm_content=banner 1&utm_campaign=voorjaar', 'partner');
  console.log(traffic);
  assert.equal(traffic.code, 'winactieplein.email.nieuwsbrief.banner-1');

  step('4. Field errors come back per field, in Dutch for the page');
  const person = {
    given_name: 'Sanne', family_name: 'de Vries', email: 'sanne@example.nl', phone: '06 12345678',
    postcode: '3511 AB', date_of_birth: '1990-04-12', ebike_use: 'Woon-werkverkeer',
  };
  const consents = { participation: true, telephone: true, newsletter: false };
  const device = capture.keygen();
  const bad = buildEnvelope(capture, campaign, {
    fields: { ...person, postcode: '35 AB' }, consents: { ...consents, telephone: false },
    source: traffic.code,
  }, device.seed);
  for (const e of bad.errors) console.log(`  ${e.field}: ${e.code}: ${e.message_nl}`);
  assert.deepEqual(bad.errors.map((e) => e.code), ['phone_without_consent', 'postcode_invalid']);
  const unknownPartner = buildEnvelope(capture, campaign,
      { fields: person, consents, source: 'onbekend.email.x.y' }, device.seed);
  assert.equal(unknownPartner.errors[0].code, 'partner_not_allowed');

  step('5. Offline: records are built and signed without the network, kept, and sent later');
  const outbox = [];
  for (const email of ['sanne@example.nl', 'jan@example.nl']) {
    const built = buildEnvelope(capture, campaign, {
      fields: { ...person, email }, consents, source: traffic.code,
      context: { utm_campaign: traffic.utm_campaign },
    }, device.seed);
    assert.ok(built.envelope, JSON.stringify(built.errors));
    outbox.push(built.envelope);
  }
  const receipts = await sendEnvelopes(api, outbox);
  const vkey = (await (await fetch(`${api}/keys`)).json()).log.vkey;
  receipts.forEach((receipt, i) => {
    const checked = checkReceipt(capture, receipt, vkey, outbox[i]);
    assert.ok(checked.ok && checked.record_bound, JSON.stringify(checked));
    console.log(`  record ${receipt.record_id}: leaf ${receipt.leaf_index} of ${receipt.tree_size}, receipt verified`);
  });

  step('6. Sending again (a lost answer, a retry) gives the same receipts and no new entries');
  const sizeBefore = (await (await fetch(`${base}/readyz`)).json()).ledger_size;
  const again = await sendEnvelopes(api, outbox);
  assert.deepEqual(again.map((r) => r.leaf_index), receipts.map((r) => r.leaf_index));
  assert.equal((await (await fetch(`${base}/readyz`)).json()).ledger_size, sizeBefore);
  console.log('\nlanding-page example: OK');
} finally {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(work, { recursive: true, force: true });
}
