// The consent rules as a person meets them (R1, R4, R6, R8): the phone checkbox starts unticked
// and no phone number leaves the page without it; with it the phone is validated with the core's
// Dutch message; a manifest whose consent text was changed is refused; the legal texts on the page
// are exactly the manifest's texts whose hash the signed record carries; how the page presented the
// texts and how each field was filled are signed facts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';

import { fillForm, launchBrowser, openDemo, person, sourceDir, startServer } from './helpers.mjs';

async function setup(t, options = {}) {
  const server = await startServer();
  t.after(() => server.stop());
  const browser = await launchBrowser(undefined, options);
  t.after(() => browser.close());
  return { server, browser, page: browser.page };
}

function nextPost(page) {
  return page.waitForRequest((r) => r.url().endsWith('/v1/consents') && r.method() === 'POST')
      .then((r) => ({ text: r.postData(), envelope: JSON.parse(r.postData()) }));
}

test('phone checkbox starts unticked; without it no phone number leaves the page', async (t) => {
  const { server, page } = await setup(t);
  assert.equal(await openDemo(page, `${server.origin}/`), 'ready');
  const boxes = await page.$$eval('input[type=checkbox]', (all) => all.map((b) => b.checked));
  assert.deepEqual(boxes, [false, false, false], 'every consent box starts unticked');
  assert.equal(await page.isVisible('#f-phone'), false, 'no phone field before the consent');

  await fillForm(page);
  await page.check('#c-telephone');
  assert.equal(await page.isVisible('#f-phone'), true);
  await page.locator('#f-phone').pressSequentially('0612345678');
  await page.uncheck('#c-telephone');  // changed their mind: the number must not be sent
  assert.equal(await page.isVisible('#f-phone'), false);

  const post = nextPost(page);
  await page.click('button.submit');
  const { text, envelope } = await post;
  assert.equal(envelope.record.consents.telephone, false);
  assert.equal('phone' in envelope.record.fields, false);
  assert.equal('phone' in envelope.disclosures, false);
  assert.doesNotMatch(text, /612345678/, 'the number appears nowhere in the request');
  const context = envelope.record.context;
  assert.equal(context.any_consent_ticked_before_touch, false);
  assert.deepEqual(context.fill_methods.given_name, ['typed']);
});

test('with the phone consent the phone is validated with the core\'s Dutch message', async (t) => {
  const { server, page } = await setup(t);
  assert.equal(await openDemo(page, `${server.origin}/`), 'ready');
  await fillForm(page);
  await page.check('#c-telephone');
  const input = page.locator('#f-phone');
  await input.pressSequentially('0612');
  await input.blur();
  const message = await page.textContent('#err-phone');
  assert.match(message, /telefoonnummer/i);
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.match(await input.getAttribute('aria-describedby'), /\berr-phone\b/);

  let posted = false;
  page.on('request', (r) => {
    if (r.url().endsWith('/v1/consents')) posted = true;
  });
  await page.click('button.submit');
  await page.waitForFunction(() => document.querySelector('#form-summary').textContent !== '');
  assert.equal(posted, false, 'an invalid form is not sent');

  await input.fill('06-12345678');
  const post = nextPost(page);
  await page.click('button.submit');
  const { envelope } = await post;
  assert.equal(envelope.record.consents.telephone, true);
  assert.equal(envelope.disclosures.phone.value, '+31612345678');
  assert.ok(envelope.record.fields.phone, 'a commitment to the phone number');
});

test('a manifest whose consent text was changed is refused by the page', async (t) => {
  // Without the service worker, so every manifest fetch passes through the route below (with
  // it, the page was sometimes served the untouched manifest by the worker: once in a full run).
  const { server, page } = await setup(t, { serviceWorkers: 'block' });
  await page.route('**/v1/campaigns/**', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    const changed = body.replace('Fietsplezier B.V. mag mij bellen',
                                 'Fietsplezier B.V. en partners mogen mij bellen');
    assert.notEqual(changed, body, 'the test changed the consent text');
    await route.fulfill({ response, body: changed });
  });
  assert.equal(await openDemo(page, `${server.origin}/`), 'refused');
  assert.equal(await page.locator('form#optin-form').count(), 0, 'no form is shown');
  assert.equal(await page.getAttribute('#refused', 'data-code'), 'manifest_signature_invalid');
  assert.match(await page.textContent('#refused'), /niet te vertrouwen/);
});

test('the rendered legal texts are the manifest texts whose hash the record carries', async (t) => {
  const { server, page } = await setup(t);
  assert.equal(await openDemo(page, `${server.origin}/`), 'ready');
  await fillForm(page);
  const post = nextPost(page);
  await page.click('button.submit');
  const { envelope } = await post;

  // What the person saw, read back from the DOM in the shape of the core's shown-text list.
  const rendered = await page.evaluate(() => {
    const list = [];
    const one = (kind) => document.querySelector(`[data-legal-kind="${kind}"]`);
    for (const kind of ['terms', 'privacy']) {
      const a = one(kind);
      list.push({ kind, text: a.textContent, url: a.getAttribute('href') });
    }
    for (const node of document.querySelectorAll('[data-legal-kind="consent"]')) {
      list.push({ kind: 'consent', id: node.dataset.legalId, text: node.textContent });
    }
    const extra = one('extra_question');
    if (extra) list.push({ kind: 'extra_question', id: extra.dataset.legalId, text: extra.textContent });
    const { capture } = globalThis.optinDemo;
    return { list, sha256: capture.sha256Hex(capture.jcs(list).canonical).sha256 };
  });
  assert.equal(rendered.sha256, envelope.record.shown_text_sha256);

  // And those texts are the ones in the manifest the server publishes.
  const { campaign: id } = JSON.parse(fs.readFileSync(path.join(sourceDir, 'web-demo/config.json')));
  const campaign = await (await fetch(`${server.origin}/v1/campaigns/${id}`)).json();
  const { manifest } = campaign.signed_manifest;
  assert.equal(rendered.list[0].text, manifest.terms.text);
  assert.equal(rendered.list[1].text, manifest.privacy.text);
  assert.deepEqual(rendered.list.filter((s) => s.kind === 'consent').map((s) => s.text),
                   manifest.consents.map((c) => c.text));
  assert.equal(rendered.list.at(-1).text, manifest.extra_question.text);
  assert.equal(envelope.record.campaign.id, manifest.campaign.id);
});

test('a consent box ticked by a script before the person touched it is a signed fact', async (t) => {
  const { server, page } = await setup(t);
  assert.equal(await openDemo(page, `${server.origin}/`), 'ready');
  await fillForm(page);
  // What a misleading form (or an injected script) would do: tick the newsletter for them.
  await page.evaluate(() => {
    const box = document.querySelector('#c-newsletter');
    box.checked = true;
    box.dispatchEvent(new Event('change', { bubbles: true }));
  });
  const post = nextPost(page);
  await page.click('button.submit');
  const { envelope } = await post;
  const { context } = envelope.record;
  assert.equal(context.any_consent_ticked_before_touch, true);
  assert.deepEqual(context.consent_boxes.newsletter,
                   { initially_checked: false, touched: false, ticked_before_touch: true });
  assert.deepEqual(context.consent_boxes.participation,
                   { initially_checked: false, touched: true, ticked_before_touch: false });
  assert.ok(context.time_on_page_ms > 0);
});

test('how each field was filled and where the legal texts were are signed facts', async (t) => {
  const { server, browser, page } = await setup(t);
  assert.equal(await openDemo(page, `${server.origin}/`), 'ready');
  const { email, ...typed } = person;
  await fillForm(page, typed);
  // A real paste from the clipboard into the e-mail field.
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'],
                                         { origin: server.origin });
  await page.evaluate((text) => navigator.clipboard.writeText(text), email);
  await page.focus('[name="email"]');
  await page.keyboard.press('Control+V');
  assert.equal(await page.inputValue('[name="email"]'), email);
  // A value a script put there (as a password manager or an injected script would).
  await page.evaluate(() => {
    const field = document.querySelector('[name="family_name"]');
    field.value = 'Jansen';
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const post = nextPost(page);
  await page.click('button.submit');
  const { envelope } = await post;
  const { context } = envelope.record;
  assert.deepEqual(context.fill_methods.email, ['pasted']);
  assert.deepEqual(context.fill_methods.given_name, ['typed']);
  assert.deepEqual(context.fill_methods.family_name, ['autofilled', 'typed']);
  // Every legal text: its presentation measured, on screen at some point, not hidden by CSS.
  assert.equal(context.legal_texts.length, 6);
  for (const fact of context.legal_texts) {
    assert.equal(typeof fact.in_viewport_at_submit, 'boolean', fact.kind);
    assert.equal(fact.seen_in_viewport, true, fact.kind);
    assert.equal(fact.hidden_by_css, false, fact.kind);
    assert.ok(fact.font_size_px > 0 && fact.contrast_ratio >= 1, fact.kind);
  }
  assert.ok(context.time_on_page_ms > 0);
});
