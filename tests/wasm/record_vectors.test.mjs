// tests/vectors/records/*.json (the record engineer's vectors, also run natively): each signs the
// named manifest with advertiser_seed, builds with device_seed, entropy and captured_at, and must
// give expect.envelope byte for byte, or expect.error (with expect.report as the field errors).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import { assertError, filesUnder, loadModule, nodeKey, readJson, vectorsDir } from './helpers.mjs';

test('every record vector gives its exact envelope or its error', async () => {
  const m = await loadModule();
  const dir = path.join(vectorsDir, 'records');
  const files = filesUnder(dir, '.json');
  assert.ok(files.length >= 5, 'the record vectors are there');
  for (const file of files) {
    const v = readJson(file);
    const where = path.basename(file);
    const manifest = readJson(path.join(dir, v.manifest_file));
    const advertiser = nodeKey(Buffer.from(v.advertiser_seed, 'hex'));
    const canonical = m.jcs(manifest).canonical;
    const sig = advertiser.sign(Buffer.from('optin-capture/manifest/v1\n' + canonical, 'utf8'));
    const signed = JSON.stringify({ manifest, sig });
    const built = m.buildRecord(signed, advertiser.publicKey, v.submission, v.device_seed,
                                v.captured_at, v.entropy);
    if (v.expect.envelope !== undefined) {
      assert.equal(built.ok, true, `${where}: ${JSON.stringify(built.error)}`);
      assert.equal(built.envelope, v.expect.envelope, where);
    } else {
      assertError(built, v.expect.error, where);
      if (v.expect.report) {
        assert.deepEqual((built.errors ?? []).map((e) => ({ code: e.code, field: e.field })),
                         v.expect.report, where);
      }
    }
  }
});
