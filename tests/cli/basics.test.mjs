// The CLI's contract: exit statuses, errors on stderr (machine-readable with --json), help, and the
// error-code page generated from the one table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { optin, sourceDir, sharedDir, filesIn } from './helpers.mjs';

test('help lists every core command and exits 0', () => {
  const r = optin(['help']);
  assert.equal(r.status, 0);
  for (const c of ['jcs', 'field check', 'keygen', 'manifest sign', 'manifest verify',
    'manifest lint', 'record build', 'record verify', 'errors']) {
    assert.match(r.stdout, new RegExp(`optin ${c} `), c);
  }
});

test('an unknown command is a usage error (exit 2)', () => {
  const r = optin(['frobnicate']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command/);
});

test('a missing argument is a usage error (exit 2)', () => {
  assert.equal(optin(['field', 'check', 'email']).status, 2);
  assert.equal(optin(['manifest', 'sign', 'x.json']).status, 2);
});

test('jcs canonicalises every shared RFC 8785 vector byte for byte', () => {
  const dir = path.join(sharedDir, 'vectors/jcs/testdata');
  const inputs = filesIn(path.join(dir, 'input'), '.json');
  assert.ok(inputs.length >= 6, 'JCS vectors missing');
  for (const input of inputs) {
    const expected = fs.readFileSync(path.join(dir, 'output', path.basename(input)), 'utf8');
    const r = optin(['jcs', input]);
    assert.equal(r.status, 0, `${input}: ${r.stderr}`);
    assert.equal(r.stdout, expected, path.basename(input));
  }
});

test('jcs reads stdin and refuses invalid JSON with a stable code', () => {
  assert.equal(optin(['jcs'], '{"b":1,"a":[true,null]}').stdout, '{"a":[true,null],"b":1}');
  const bad = optin(['jcs', '--json'], '{"a":1,"a":2}');
  assert.equal(bad.status, 1);
  assert.equal(JSON.parse(bad.stderr).error.code, 'json_duplicate_key');
  const broken = optin(['jcs', '--json'], '{"a":');
  assert.equal(broken.status, 1);
  assert.equal(JSON.parse(broken.stderr).error.code, 'json_invalid');
});

test('an unreadable file is an I/O error (exit 3) with the path in the message', () => {
  const r = optin(['jcs', '/nonexistent/file.json']);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /nonexistent/);
});

test('docs/error-codes.md is exactly what the code table generates', () => {
  const r = optin(['errors', '--format', 'markdown']);
  assert.equal(r.status, 0);
  const doc = fs.readFileSync(path.join(sourceDir, 'docs/error-codes.md'), 'utf8');
  assert.equal(doc, r.stdout, 'regenerate: build/bin/optin errors --format markdown > docs/error-codes.md');
});

test('errors --format json lists unique codes with an HTTP status and both languages', () => {
  const rows = JSON.parse(optin(['errors', '--format', 'json']).stdout);
  assert.ok(rows.length > 40);
  assert.equal(new Set(rows.map((r) => r.code)).size, rows.length);
  for (const row of rows) {
    assert.match(row.code, /^[a-z][a-z0-9_]*$/);
    assert.ok(row.http_status >= 400 && row.http_status < 600, row.code);
    assert.ok(row.message_en.length > 5 && row.message_nl.length > 5, row.code);
  }
});
