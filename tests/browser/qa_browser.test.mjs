// optin qa --browser (R21): tools/qa-browser.mjs renders each page in Debian's Chromium and the
// core's rules read what a person gets. The pages in tests/qa/expectations.json "browser_pages"
// pass the static check and are caught only when rendered (a script ticking a box, a style sheet
// hiding the terms link or a checkbox, grey legal text); the reference page stays clean. The
// example campaign's demo page, served by a real optin-server, is linted by URL.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';

import { buildDir, sourceDir, startServer } from './helpers.mjs';

const optinPath = path.join(buildDir, 'bin', 'optin');
const qaDir = path.join(sourceDir, 'tests', 'qa');
const expectations = JSON.parse(fs.readFileSync(path.join(qaDir, 'expectations.json'), 'utf8'));
const manifest = path.join(sourceDir, expectations.manifest);

function qa(args) {
  const r = spawnSync(optinPath, ['qa', '--manifest', manifest, '--format', 'json', ...args],
                      { encoding: 'utf8', timeout: 120000 });
  if (r.error) throw r.error;
  assert.ok(r.status === 0 || r.status === 1, `optin qa exited ${r.status}: ${r.stderr}`);
  return { status: r.status, report: JSON.parse(r.stdout), stderr: r.stderr };
}

// The rules a reviewer acts on: manifest findings and infos aside, as in the corpus test.
function rulesOf(report) {
  return [...new Set(report.findings.filter((f) => !f.rule.startsWith('manifest.') &&
                                                   f.severity !== 'info').map((f) => f.rule))].sort();
}

for (const [name, expected] of Object.entries(expectations.browser_pages)) {
  test(`qa --browser ${name}: ${expected.why}`, () => {
    const page = path.join(qaDir, name);
    const quiet = qa(['--html', page]);
    assert.equal(quiet.report.browser, false);
    assert.deepEqual(rulesOf(quiet.report), [...expected.static].sort(), 'static check');

    const rendered = qa(['--html', page, '--browser']);
    assert.equal(rendered.report.browser, true);
    assert.deepEqual(rulesOf(rendered.report), [...expected.browser].sort(), 'rendered page');
    const errors = expected.browser.some((rule) => rendered.report.findings.some(
        (f) => f.rule === rule && f.severity === 'error'));
    assert.equal(rendered.status, errors ? 1 : 0, 'exit status for CI');
    for (const f of rendered.report.findings) {
      if (expected.browser.includes(f.rule)) {
        assert.ok(f.element.length > 0 && f.hint.length > 0, JSON.stringify(f));
      }
    }
  });
}

test('qa --browser measures the contrast of the grey legal links', () => {
  const { report } = qa(['--html', path.join(qaDir, 'browser-pages/legal-low-contrast.html'),
                         '--browser']);
  const low = report.findings.filter((f) => f.rule === 'legal_text_low_contrast');
  assert.equal(low.length, 2, 'the terms and the privacy link');
  for (const f of low) assert.match(f.message, /contrast ratio of 2\.07:1/);
});

test('qa --browser --url lints the example campaign as the demo renders it', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  // Static: the demo builds its form by script, so the form rules cannot run (an info).
  const quiet = qa(['--url', `${server.origin}/`]);
  assert.deepEqual(rulesOf(quiet.report), []);
  assert.ok(quiet.report.findings.some((f) => f.rule === 'form_not_in_html'));
  // Rendered: the form the demo built from the manifest passes every rule.
  const rendered = qa(['--url', `${server.origin}/`, '--browser']);
  assert.equal(rendered.report.browser, true);
  assert.deepEqual(rulesOf(rendered.report), [], JSON.stringify(rendered.report.findings, null, 1));
  assert.ok(!rendered.report.findings.some((f) => f.rule === 'form_not_in_html'));
  assert.equal(rendered.status, 0);
});

test('qa --browser refuses a URL on another machine with exit status 2', () => {
  const r = spawnSync(optinPath, ['qa', '--manifest', manifest, '--url', 'http://example.com/',
                                  '--browser'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /this machine only/);
});
