// Field vectors (tests/vectors/fields/field_cases.json) and manifest rule vectors
// (tests/vectors/manifests/invalid/*.json) through the module: the same files the native unit
// tests and the CLI run, with the same values and codes.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import {
  assertError, assertOk, filesUnder, loadModule, loadQaModule, readJson, vectorsDir,
} from './helpers.mjs';

test('every field case gives its normalised value or its error code', async () => {
  const m = await loadModule();
  const table = new Map(m.errorCodes().codes.map((row) => [row.code, row]));
  const cases = readJson(path.join(vectorsDir, 'fields', 'field_cases.json'));
  assert.ok(cases.length >= 150, 'the field vectors are there');
  const types = new Set();
  for (const c of cases) {
    const where = `${c.type}: ${c.name} (${JSON.stringify(c.input)})`;
    types.add(c.type);
    const answer = m.fieldCheck(c.type, c.input, c.rules, c.today);
    if (c.expect.ok) {
      assert.deepEqual(answer, { ok: true, type: c.type, value: c.expect.value }, where);
    } else {
      assertError(answer, c.expect.code, where);
      assert.equal(answer.error.message_nl, table.get(c.expect.code).message_nl, where);
    }
  }
  assert.equal(types.size, 9, 'every field type is covered');
});

test('every broken manifest is refused with its code; the example passes its rules', async () => {
  const m = await loadQaModule();  // lintManifest reads a bare manifest; the rules are the core's
  const files = filesUnder(path.join(vectorsDir, 'manifests', 'invalid'), '.json');
  assert.ok(files.length >= 20, 'the manifest vectors are there');
  for (const file of files) {
    const doc = readJson(file);
    assertError(m.lintManifest(doc.manifest), doc.expect, `${path.basename(file)}: ${doc.description}`);
  }
  const example = m.lintManifest(readJson(path.join(vectorsDir, 'manifests', 'example-campaign.json')));
  assertOk(example);
  assert.equal(typeof example.passed, 'boolean');
  for (const finding of example.findings) {
    assert.match(finding.severity, /^(error|warning|info)$/);
    for (const key of ['rule', 'where', 'message', 'hint']) assert.equal(typeof finding[key], 'string');
  }
});

test('time pressure in a consent text is a lint finding (R21)', async () => {
  const m = await loadQaModule();
  const manifest = readJson(path.join(vectorsDir, 'manifests', 'example-campaign.json'));
  const before = m.lintManifest(manifest).findings.length;
  manifest.consents[0].text += ' Alleen vandaag!';
  const after = m.lintManifest(manifest);
  assertOk(after);
  assert.ok(after.findings.length > before, JSON.stringify(after.findings));
});
