// Withdrawal (R17): the receipt view links to the withdrawal page with the receipt's token in the
// fragment; the page sends exactly that token to the server and shows the answer. While the server
// has no withdrawal endpoint the page says so and shows the request it would send.
import assert from 'node:assert/strict';
import test from 'node:test';

import { fillForm, launchBrowser, openDemo, screenshot, startServer,
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
  const state = await page.getAttribute('body', 'data-state');
  if (state === 'wait') {
    assert.match(await page.textContent('#would-send'), new RegExp(`"token":"${token}"`));
  } else {
    assert.equal(state, 'ok', await page.textContent('#result'));
    assert.match(await page.textContent('#result'), /ingetrokken/);
  }
  await screenshot(page, 'withdraw-phone');
});
