// The QA page (web-demo/qa.html, R21): a pasted manifest and page are linted by the WebAssembly
// module in the browser; a bad page shows its finding with rule, severity, element and fix; the
// example campaign (its signed manifest from the server and the demo page) gives the same report
// as the native `optin qa` on the same texts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';

import { buildDir, desktop, launchBrowser, screenshot, sourceDir, startServer } from './helpers.mjs';

const optinPath = path.join(buildDir, 'bin', 'optin');
const exampleManifest = path.join(sourceDir, 'tests/vectors/manifests/example-campaign.json');
const qaPages = path.join(sourceDir, 'tests/qa/pages');

async function openQa(page, origin) {
  await page.goto(`${origin}/qa.html`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
}

// The rows the page shows: [severity attribute, rule, element cell, message, hint].
function rows(page) {
  return page.$$eval('#findings-body tr', (trs) => trs.map((tr) => ({
    rule: tr.dataset.rule,
    severity: tr.dataset.severity,
    cells: [...tr.cells].map((td) => td.textContent),
  })));
}

function nativeQa(manifestText, html) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optin-qa-page-'));
  try {
    fs.writeFileSync(path.join(dir, 'manifest.json'), manifestText);
    fs.writeFileSync(path.join(dir, 'page.html'), html);
    const r = spawnSync(optinPath, ['qa', '--manifest', path.join(dir, 'manifest.json'), '--html',
                                    path.join(dir, 'page.html'), '--format', 'json'],
                        { encoding: 'utf8' });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the QA page shows the finding of a pasted page with a pre-ticked box', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { page, errors } = browser;
  await openQa(page, server.origin);

  // The fields are found by their Dutch labels (what a screen reader announces).
  await page.getByLabel('Manifest (JSON)').fill(fs.readFileSync(exampleManifest, 'utf8'));
  await page.getByLabel('HTML van de actiepagina')
      .fill(fs.readFileSync(path.join(qaPages, 'bad-prechecked.html'), 'utf8'));
  await page.getByRole('button', { name: 'Controleer' }).click();
  await page.waitForSelector('body[data-state="done"]');

  assert.equal(await page.getAttribute('body', 'data-passed'), 'false');
  assert.match(await page.textContent('#summary'), /^Afgekeurd: actie fietsplezier-ebike-2026 versie 1, 1 fout/);
  const found = (await rows(page)).filter((r) => r.rule === 'checkbox_prechecked');
  assert.equal(found.length, 1);
  const [severity, rule, element, message, hint] = found[0].cells;
  assert.equal(found[0].severity, 'error');
  assert.equal(severity, 'fout');
  assert.equal(rule, 'checkbox_prechecked');
  assert.match(element, /input#c-telephone\[name=consent:telephone\] \(regel \d+\)/);
  assert.ok(message.length > 0 && hint.length > 0);
  // Focus goes to the result, so a keyboard or screen-reader user lands on it.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'report-title');
  await screenshot(page, 'qa-page-bad-phone');
  assert.deepEqual(errors, []);
});

test('the QA page refuses an unreadable manifest beside its field', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { page } = browser;
  await openQa(page, server.origin);
  await page.fill('#manifest', '{"campaign": ');
  await page.fill('#html', '<p>hallo</p>');
  await page.click('#run');
  await page.waitForSelector('body[data-state="refused"]');
  assert.equal(await page.getAttribute('#manifest', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#manifest-error'), /json_invalid/);
  assert.equal(await page.isHidden('#report'), true);
});

test('the report on the example campaign: the page equals the native optin qa', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const browser = await launchBrowser(desktop);
  t.after(() => browser.close());
  const { page, errors } = browser;
  await openQa(page, server.origin);
  await page.getByRole('button', { name: 'Laad de voorbeeldactie' }).click();
  await page.waitForSelector('body[data-state="done"]');

  const manifestText = await page.inputValue('#manifest');
  const html = await page.inputValue('#html');
  assert.equal(html, fs.readFileSync(path.join(sourceDir, 'web-demo/index.html'), 'utf8'));
  const native = nativeQa(manifestText, html);
  assert.equal(native.campaign, 'fietsplezier-ebike-2026');
  assert.equal(native.passed, true, 'the example campaign has no errors');
  assert.equal(native.counts.warning, 0);
  assert.ok(native.findings.some((f) => f.rule === 'form_not_in_html' && f.severity === 'info'));

  assert.equal(await page.getAttribute('body', 'data-passed'), 'true');
  assert.match(await page.textContent('#summary'), /^Goedgekeurd: .*0 fouten, 0 waarschuwingen/);
  const shown = await rows(page);
  assert.deepEqual(shown.map((r) => [r.rule, r.severity, r.cells[3], r.cells[4]]),
                   native.findings.map((f) => [f.rule, f.severity, f.message, f.hint]));
  await screenshot(page, 'qa-page-example');
  assert.deepEqual(errors, []);
});
