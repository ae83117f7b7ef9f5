// Offline (R7): with the network gone (browser network emulation) three entries are signed and
// kept in the outbox, the page is reloaded from the service worker's cache, and when the network
// returns exactly three records reach the server, none twice.
import assert from 'node:assert/strict';
import test from 'node:test';

import { fillForm, launchBrowser, openDemo, person, screenshot, serverRecordCount,
         startServer, waitConfirmed } from './helpers.mjs';

test('offline: three entries survive a reload and reach the server exactly once', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { page, context } = browser;

  assert.equal(await openDemo(page, `${server.origin}/`), 'ready');
  // The service worker has cached the page, the module and the manifest and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r));
    }
  });
  const before = await serverRecordCount(server);
  const posts = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/v1/consents') && r.method() === 'POST') posts.push(r.postData());
  });

  await context.setOffline(true);
  const names = ['Anna', 'Bram', 'Chantal'];
  for (const [i, given_name] of names.entries()) {
    await fillForm(page, { ...person, given_name, email: `${given_name.toLowerCase()}@example.nl` });
    await page.click('button.submit');
    await page.waitForFunction((n) => document.querySelectorAll('#outbox li').length === n, i + 1);
  }
  const saved = await page.$$eval('#outbox li', (items) => items.map((li) => li.dataset.state));
  assert.deepEqual(saved, ['pending', 'pending', 'pending']);

  await page.reload();
  await page.waitForSelector('body[data-state="ready"]');
  const texts = await page.$$eval('#outbox li p:first-child', (ps) => ps.map((p) => p.textContent));
  assert.deepEqual(texts, Array(3).fill('Opgeslagen op dit apparaat, wordt verstuurd'));
  await screenshot(page, 'offline-outbox');
  assert.equal(await serverRecordCount(server), before, 'nothing reached the server offline');

  await context.setOffline(false);
  const entries = await waitConfirmed(page, 3, 30000);
  const ids = entries.map((e) => e.id);
  assert.equal(new Set(ids).size, 3);
  assert.equal(await serverRecordCount(server), before + 3, 'exactly three records, none twice');
  const leaves = entries.map((e) => JSON.parse(e.receipt).leaf_index);
  assert.equal(new Set(leaves).size, 3, 'three different log entries');
  // Any retry that did happen sent the very same bytes (the server answers them idempotently).
  const sentIds = new Set(posts.map((body) => JSON.parse(body).record.id));
  assert.deepEqual([...sentIds].sort(), [...ids].sort());

  // Resending the stored bytes (a lost answer, a second tab) gives the same receipt, no record.
  const again = await page.evaluate(async (stored) => Promise.all(stored.map(async (e) => {
    const response = await fetch('/v1/consents', { method: 'POST', body: e.envelope,
                                                   headers: { 'content-type': 'application/json' } });
    return { status: response.status, receipt: await response.json() };
  })), entries);
  for (const [i, { status, receipt }] of again.entries()) {
    assert.equal(status, 200);
    assert.deepEqual(receipt, JSON.parse(entries[i].receipt));
  }
  assert.equal(await serverRecordCount(server), before + 3);
});
