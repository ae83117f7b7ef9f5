// The module's transfer size: a landing page loads it on a phone, so gzip(glue + wasm) has a
// budget. BENCHMARKS.md tracks the figure over time.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';

import { requireFile, wasmDir } from './helpers.mjs';

const kBudgetBytes = 300 * 1024;

test('gzip(glue + wasm) stays within 300 KB', (t) => {
  const sizes = {};
  for (const file of ['optin-capture.mjs', 'optin-capture.wasm', 'index.mjs']) {
    const bytes = fs.readFileSync(requireFile(path.join(wasmDir, file), file));
    sizes[file] = { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
  }
  const total = sizes['optin-capture.mjs'].gzip + sizes['optin-capture.wasm'].gzip +
      sizes['index.mjs'].gzip;
  const line = Object.entries(sizes)
      .map(([file, s]) => `${file} ${s.raw} B (gzip ${s.gzip} B)`).join(', ');
  t.diagnostic(`${line}; total gzip ${total} B of ${kBudgetBytes} B`);
  console.log(`wasm size: ${line}; total gzip ${(total / 1024).toFixed(1)} KB`);
  assert.ok(total <= kBudgetBytes, `gzip size ${total} B is over the ${kBudgetBytes} B budget`);
});
