// Campaign-form QA (R21) through the QA build of the WebAssembly module (qa.mjs): every page of the tests/qa corpus (the
// static pages, the browser pages and the demo page) gives a report whose JSON text is
// byte-identical to what the native `optin qa --format json` prints for it, and whose text report
// is the native `--format text` output. Browser facts passed in run the rendered-page rules.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

import { assertError, buildDir, filesUnder, loadModule, loadQaModule, readJson, readText, requireFile,
         sourceDir } from './helpers.mjs';

const qaDir = path.join(sourceDir, 'tests', 'qa');
const expectations = readJson(path.join(qaDir, 'expectations.json'));
const manifestFile = path.join(sourceDir, expectations.manifest);

function nativeQa(htmlFile, format) {
  const optin = requireFile(path.join(buildDir, 'bin', 'optin'), 'the optin CLI');
  const r = spawnSync(optin, ['qa', '--manifest', manifestFile, '--html', htmlFile, '--format',
                              format], { encoding: 'utf8' });
  if (r.error) throw r.error;
  assert.ok(r.status === 0 || r.status === 1, `optin qa ${htmlFile}: ${r.status} ${r.stderr}`);
  return { status: r.status, stdout: r.stdout };
}

const pages = [...filesUnder(path.join(qaDir, 'pages'), '.html'),
               ...filesUnder(path.join(qaDir, 'browser-pages'), '.html'),
               path.join(sourceDir, 'web-demo', 'index.html')];

test('the whole QA corpus gives byte-identical reports in the module and the native CLI',
     async () => {
  const m = await loadQaModule();
  const manifest = readText(manifestFile);
  assert.ok(pages.length >= 30, `the corpus is there (${pages.length} pages)`);
  for (const file of pages) {
    const where = path.relative(sourceDir, file);
    const answer = m.qaForm(manifest, readText(file));
    assert.equal(answer.ok, true, `${where}: ${JSON.stringify(answer.error)}`);
    const native = nativeQa(file, 'json');
    assert.equal(answer.json, native.stdout, `${where}: JSON report`);
    assert.deepEqual(answer.report, JSON.parse(native.stdout), `${where}: report object`);
    assert.equal(native.status, answer.report.passed ? 0 : 1, `${where}: exit status`);
    assert.equal(answer.text, nativeQa(file, 'text').stdout, `${where}: text report`);
  }
});

test('each corpus page gives the rules its expectation lists', async () => {
  const m = await loadQaModule();
  const manifest = readText(manifestFile);
  const rules = (report, infos) => [...new Set(report.findings
      .filter((f) => !f.rule.startsWith('manifest.') && (f.severity === 'info') === infos)
      .map((f) => f.rule))].sort();
  for (const [name, expected] of Object.entries(expectations.pages)) {
    const { report } = m.qaForm(manifest, readText(path.join(qaDir, 'pages', name)));
    assert.deepEqual(rules(report, false), [...expected.rules].sort(), name);
    assert.deepEqual(rules(report, true), [...(expected.infos ?? [])].sort(), name);
  }
  for (const [name, expected] of Object.entries(expectations.browser_pages)) {
    const { report } = m.qaForm(manifest, readText(path.join(qaDir, name)));
    assert.deepEqual(rules(report, false), [...expected.static].sort(), name);
  }
});

test('browser facts run the rendered-page rules; bad input is refused with a code', async () => {
  const m = await loadQaModule();
  const manifest = readJson(manifestFile);
  const html = readText(path.join(qaDir, 'pages', 'good-basic.html'));
  const facts = {
    checkboxes: [{ element: '#c-newsletter', checked_at_load: false, checked_after_scripts: true,
                   visible: true }],
    legal: [{ kind: 'terms', id: '', element: 'ul > li > a', visible: true, contrast: 2.07,
              font_px: 16 }],
  };
  const answer = m.qaForm(manifest, html, { browser_facts: facts });
  assert.equal(answer.ok, true);
  assert.equal(answer.report.browser, true);
  assert.deepEqual(answer.report.findings.filter((f) => !f.rule.startsWith('manifest.'))
                       .map((f) => f.rule),
                   ['checkbox_checked_by_script', 'legal_text_low_contrast']);
  assertError(m.qaForm('{', html), 'json_invalid');
  assertError(m.qaForm(manifest, html, { browser_facts: { checkboxes: [{ visible: 'yes' }] } }),
              'json_wrong_type');
  assertError(m.qaForm(manifest, html, { facts }), 'json_unknown_member');
});

test('QA lives in the QA build only; the QA build offers the whole landing-page API too', async () => {
  const [page, qa] = [await loadModule(), await loadQaModule()];
  assert.equal(page.qaForm, undefined);
  assert.equal(page.lintManifest, undefined);
  for (const name of Object.keys(page)) assert.equal(typeof qa[name], 'function', name);
  assert.deepEqual(qa.jcs('{"b":1,"a":2}'), page.jcs('{"b":1,"a":2}'));
  assert.deepEqual(qa.version(), page.version());
});
