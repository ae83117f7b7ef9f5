// optin field check: every shared field vector through the CLI gives the expected value or code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { optin, sourceDir } from './helpers.mjs';

const casesFile = path.join(sourceDir, 'tests/vectors/fields/field_cases.json');

test('a Dutch mobile number in any form normalises to E.164', () => {
  for (const form of ['06-12345678', '+31 6 1234 5678', '0031612345678', '06 12 34 56 78']) {
    const r = optin(['field', 'check', 'phone_nl', form]);
    assert.equal(r.status, 0, `${form}: ${r.stdout}${r.stderr}`);
    assert.equal(JSON.parse(r.stdout).value, '+31612345678');
  }
});

test('a premium number is refused with exit 1 and its code', () => {
  const r = optin(['field', 'check', 'phone_nl', '0900-1234567']);
  assert.equal(r.status, 1);
  assert.equal(JSON.parse(r.stdout).error.code, 'phone_premium_refused');
});

test('every field vector gives its expected value or error code through the CLI', () => {
  const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
  assert.ok(cases.length >= 150, 'field vectors missing');
  for (const c of cases) {
    const args = ['field', 'check', '--today', c.today];
    const rules = c.rules || {};
    if (rules.required) args.push('--required');
    if (rules.max_length !== undefined) args.push('--max-length', String(rules.max_length));
    if (rules.min_age !== undefined) args.push('--min-age', String(rules.min_age));
    if (rules.options) args.push('--options', rules.options.join(','));
    args.push('--', c.type, c.input);
    const r = optin(args);
    const out = JSON.parse(r.stdout);
    const label = `${c.type} ${JSON.stringify(c.input)}`;
    if (c.expect.ok) {
      assert.equal(r.status, 0, `${label}: ${r.stdout}`);
      assert.equal(out.value, c.expect.value, label);
    } else {
      assert.equal(r.status, 1, `${label}: ${r.stdout}`);
      assert.equal(out.error.code, c.expect.code, label);
    }
  }
});
