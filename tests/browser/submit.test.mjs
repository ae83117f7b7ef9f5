// Fill and submit online: the record reaches the server and the page shows a receipt that the
// module verified against the server's signed checkpoint. Screenshots of the filled page and of
// the receipt view, on a phone-sized and a desktop viewport, are kept as test artefacts.
import assert from 'node:assert/strict';
import test from 'node:test';

import { desktop, fillForm, launchBrowser, openDemo, phone, screenshot, serverHasRecord,
         startServer, waitConfirmed } from './helpers.mjs';

for (const [name, viewport] of [['phone', phone], ['desktop', desktop]]) {
  test(`submit online (${name}): the server holds the record, the receipt verifies`, async (t) => {
    const server = await startServer();
    t.after(() => server.stop());
    const browser = await launchBrowser(viewport);
    t.after(() => browser.close());
    const { page } = browser;

    assert.equal(await openDemo(page, `${server.origin}/`), 'ready');
    await fillForm(page);
    await screenshot(page, `landing-filled-${name}`);
    const posted = page.waitForRequest((r) => r.url().endsWith('/v1/consents') &&
                                              r.method() === 'POST');
    await page.click('button.submit');
    const envelope = JSON.parse((await posted).postData());
    const [entry] = await waitConfirmed(page, 1);
    assert.equal(entry.id, envelope.record.id);
    const text = await page.textContent('#outbox li');
    const receipt = JSON.parse(entry.receipt);
    assert.match(text, new RegExp(`Bevestigd, bewijs #${receipt.leaf_index}`));
    assert.equal(receipt.record_id, envelope.record.id);
    assert.ok(await serverHasRecord(server, receipt), 'the server holds the record');

    await page.click('#outbox li a');
    await page.waitForSelector('body[data-state]');
    assert.equal(await page.getAttribute('body', 'data-state'), 'ok',
                 await page.textContent('#verdict'));
    assert.match(await page.textContent('#verdict'), /Bewijs gecontroleerd/);
    assert.equal(await page.textContent('#r-id'), envelope.record.id);
    await screenshot(page, `receipt-${name}`);
    assert.deepEqual(browser.errors, []);
  });
}

test('a receipt whose proof was altered is refused by the receipt view', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const browser = await launchBrowser(phone);
  t.after(() => browser.close());
  const { page } = browser;
  assert.equal(await openDemo(page, `${server.origin}/`), 'ready');
  await fillForm(page);
  await page.click('button.submit');
  const [entry] = await waitConfirmed(page, 1);
  const receipt = JSON.parse(entry.receipt);
  // Another leaf hash: the proof no longer leads to the signed root.
  const bytes = Buffer.from(receipt.leaf_hash, 'base64');
  bytes[0] ^= 1;
  const forged = { ...receipt, leaf_hash: bytes.toString('base64') };
  const link = Buffer.from(JSON.stringify(forged)).toString('base64url');
  await page.goto(`${server.origin}/receipt.html#receipt=${link}`);
  await page.waitForSelector('body[data-state]');
  assert.equal(await page.getAttribute('body', 'data-state'), 'bad');
  assert.match(await page.textContent('#verdict'), /Dit bewijs klopt niet/);
});

test('the partner page signs its own traffic code and the presentation facts', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const browser = await launchBrowser(phone);
  t.after(() => browser.close());
  const { page } = browser;
  const query = 'partner=winactieplein&utm_medium=E-mail&utm_source=nieuwsbrief%20week%2012' +
                '&utm_campaign=voorjaar&utm_content=banner_a';
  assert.equal(await openDemo(page, `${server.origin}/partner.html?${query}`), 'ready');
  assert.equal(await page.textContent('#partner-name'), 'Winactieplein B.V.');
  await fillForm(page);
  await screenshot(page, 'partner-filled-phone');
  const posted = page.waitForRequest((r) => r.url().endsWith('/v1/consents'));
  await page.click('button.submit');
  const { record } = JSON.parse((await posted).postData());
  assert.equal(record.source.code, 'winactieplein.e-mail.nieuwsbrief-week-12.banner_a');
  assert.equal(record.context.utm_campaign, 'voorjaar');
  assert.equal(record.context.page.kind, 'partner');
  // Facts about how the legal texts were shown: every one rendered, readable, not hidden.
  const kinds = record.context.legal_texts.map((l) => l.kind);
  assert.deepEqual(kinds, ['terms', 'privacy', 'extra_question', 'consent', 'consent', 'consent']);
  for (const fact of record.context.legal_texts) {
    assert.equal(fact.hidden_by_css, false);
    assert.ok(fact.font_size_px >= 14, `${fact.kind} font ${fact.font_size_px}px`);
    assert.ok(fact.contrast_ratio >= 4.5, `${fact.kind} contrast ${fact.contrast_ratio}`);
  }
  assert.equal(record.context.any_consent_ticked_before_touch, false);
  assert.equal(record.context.consent_boxes.participation.touched, true);
  const [entry] = await waitConfirmed(page, 1);
  assert.ok(await serverHasRecord(server, JSON.parse(entry.receipt)));
});

test('an engine without WebAssembly SIMD loads the fallback build and submits with it', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { page, context } = browser;
  // Chromium has SIMD and no switch to turn it off, so the page's WebAssembly.validate refuses
  // modules with the SIMD prefix opcode (0xfd) below 64 bytes: the loader's probe, answered as an
  // engine without SIMD (Safari before 16.4) answers it.
  await context.addInitScript(() => {
    const validate = WebAssembly.validate.bind(WebAssembly);
    WebAssembly.validate = (bytes) => {
      const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes.buffer ?? bytes);
      return u8.length < 64 && u8.includes(0xfd) ? false : validate(bytes);
    };
  });
  assert.equal(await openDemo(page, `${server.origin}/`), 'ready');
  const build = await page.evaluate(async () => {
    const { loadOptinCapture, wasmSimdSupported } = await import('/wasm/index.mjs');
    return { probe: wasmSimdSupported(), build: (await loadOptinCapture()).build() };
  });
  assert.deepEqual(build, { probe: false,
                            build: { ok: true, simd: false, file: 'optin-capture-nosimd.wasm' } });
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.wasm')));
  assert.ok(fetched.includes('/wasm/optin-capture-nosimd.wasm'), fetched.join(', '));
  assert.ok(!fetched.includes('/wasm/optin-capture.wasm'), fetched.join(', '));

  await fillForm(page);
  await page.click('button.submit');
  const [entry] = await waitConfirmed(page, 1);
  const receipt = JSON.parse(entry.receipt);
  assert.ok(await serverHasRecord(server, receipt), 'the server holds the record');
  await page.click('#outbox li a');
  await page.waitForSelector('body[data-state]');
  assert.equal(await page.getAttribute('body', 'data-state'), 'ok',
               await page.textContent('#verdict'));
  assert.deepEqual(browser.errors, []);
});
