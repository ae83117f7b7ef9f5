// Withdrawal (R17): the receipt view links to the withdrawal page with the receipt's token in the
// fragment; the page sends exactly that token to the server and shows the answer. The consent
// page shows what was agreed (and downloads an ISO/IEC TS 27560 receipt); a withdrawal made
// offline is kept on the device and sent when the network is back.
import assert from 'node:assert/strict';
import test from 'node:test';

import fs from 'node:fs';

import { fillForm, launchBrowser, openDemo, person, screenshot, startServer,
         waitConfirmed } from './helpers.mjs';

test('the receipt links to a withdrawal that sends its token', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { page } = browser;
  assert.equal(await openDemo(page, `${server.origin}/`), 'ready');
  await fillForm(page);
  await page.click('button.submit');
  const [entry] = await waitConfirmed(page, 1);
  const { withdrawal_token: token } = JSON.parse(entry.receipt);
  assert.ok(token, 'the receipt carries a withdrawal token');

  await page.goto(`${server.origin}/receipt.html?id=${entry.id}`);
  await page.waitForSelector('body[data-state="ok"]');
  await page.click('#withdraw-link a');
  await page.waitForSelector('body[data-state="ready"]');
  assert.equal(await page.inputValue('#token'), token);
  assert.equal(new URL(page.url()).search, '', 'the token travels in the fragment only');

  const sent = page.waitForRequest((r) => r.url().endsWith('/v1/withdrawals'));
  await page.click('#withdraw-form button');
  assert.deepEqual(JSON.parse((await sent).postData()), { token });
  await page.waitForSelector('#result:not([hidden])');
  assert.equal(await page.getAttribute('body', 'data-state'), 'ok',
               await page.textContent('#result'));
  assert.match(await page.textContent('#result'), /ingetrokken/);
  await screenshot(page, 'withdraw-phone');
});

// Submits one entry and returns its receipt's token and record id.
async function submitOne(page, origin, values = person) {
  assert.equal(await openDemo(page, `${origin}/`), 'ready');
  await fillForm(page, values);
  await page.click('button.submit');
  const [entry] = await waitConfirmed(page, 1);
  return { id: entry.id, token: JSON.parse(entry.receipt).withdrawal_token };
}

test('the consent page shows what was agreed and downloads a 27560 receipt', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { page } = browser;
  const { id, token } = await submitOne(page, server.origin);

  await page.goto(`${server.origin}/receipt.html?id=${id}`);
  await page.waitForSelector('body[data-state="ok"]');
  await page.click('#inspect-link');
  await page.waitForSelector('body[data-state="ok"]');
  assert.equal(new URL(page.url()).search, '', 'the code travels in the fragment only');
  assert.equal(await page.textContent('#v-id'), id);
  const manifest = await (await fetch(`${server.origin}/v1/campaigns/fietsplezier-ebike-2026`))
      .json();
  const consents = await page.$$eval('#v-consents li', (items) => items.map((li) => li.textContent));
  for (const c of manifest.signed_manifest.manifest.consents) {
    assert.ok(consents.some((line) => line.includes(c.text)), `shows the exact text of ${c.id}`);
  }
  assert.match(await page.textContent('#v-callers'), /\S/);
  assert.match(await page.textContent('#v-fields'), new RegExp(person.given_name));
  await screenshot(page, 'consent-inspection');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const receipt = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(receipt['@type'], 'dpv:ConsentRecord');
  assert.equal(receipt['dct:identifier'], id);
  assert.equal(receipt['dct:conformsTo'], 'https://w3id.org/dpv/schema/dpv-27560#receipt-record');
  assert.equal(receipt['dpv:hasConsentStatus'], 'dpv:ConsentGiven');

  // Withdraw from there; the consent page then says so and no one may call any more.
  await page.click('#withdraw-link');
  await page.waitForSelector('body[data-state="ready"]');
  assert.equal(await page.inputValue('#token'), token);
  await page.click('#withdraw-form button');
  await page.waitForSelector('body[data-state="ok"]');
  await page.goto(`${server.origin}/consent.html#token=${encodeURIComponent(token)}`);
  await page.waitForSelector('body[data-state="withdrawn"]');
  assert.match(await page.textContent('#v-callers'), /Niemand meer/);
});

test('a withdrawal made offline is kept and sent when the network is back', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { page, context } = browser;
  const { token } = await submitOne(page, server.origin);

  await page.goto(`${server.origin}/withdraw.html#token=${encodeURIComponent(token)}`);
  await page.waitForSelector('body[data-state="ready"]');
  const posts = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/v1/withdrawals')) posts.push(r.postData());
  });
  await context.setOffline(true);
  await page.click('#withdraw-form button');
  await page.waitForSelector('body[data-state="queued"]');
  assert.match(await page.textContent('#result'), /bewaard/);
  await screenshot(page, 'withdraw-offline');

  await context.setOffline(false);
  await page.waitForSelector('body[data-state="ok"]', { timeout: 30000 });
  assert.ok(posts.length >= 1);
  for (const body of posts) assert.deepEqual(JSON.parse(body), { token });
  // The server recorded it: asking again is answered as already withdrawn, at the same time.
  const again = await fetch(`${server.origin}/v1/withdrawals`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }),
  });
  assert.equal(again.status, 200);
  assert.ok((await again.json()).withdrawn_at);
});
