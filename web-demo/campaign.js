// Loads what every page needs: config.json, the WebAssembly module, the signed manifest and the
// keys. The manifest is trusted only after the module verified its signature with the advertiser
// key: from config.json when the deployment pins it there (best: the page, not the server that
// serves the manifest, names the key), otherwise from the server's /v1/keys.
export async function fetchJson(url) {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${text.slice(0, 200)}`);
  return { text, json: JSON.parse(text) };
}

export async function loadConfig() {
  const { json } = await fetchJson(new URL('config.json', document.baseURI));
  return {
    campaign: json.campaign || 'example',
    api: (json.api || '/v1').replace(/\/$/, ''),
    wasm: json.wasm || '/wasm/index.mjs',
    advertiserKey: json.advertiser_key || '',
  };
}

export async function loadModule(config) {
  const { loadOptinCapture } = await import(new URL(config.wasm, document.baseURI).href);
  return loadOptinCapture();
}

// The module's QA build (qa.mjs beside index.mjs): the same API plus lintManifest and qaForm, which
// the landing-page module leaves out (landing pages never lint themselves).
export async function loadQaModule(config) {
  const entry = new URL('qa.mjs', new URL(config.wasm, document.baseURI));
  const { loadOptinCaptureQa } = await import(entry.href);
  return loadOptinCaptureQa();
}

// The server's keys: the log's note verifier key (vkey) and the advertiser keys by campaign.
export async function loadKeys(config) {
  const { json } = await fetchJson(`${config.api}/keys`);
  return json;
}

// {manifest, sig} as the advertiser signed it; the server may wrap it in a larger answer.
function signedManifestOf(json) {
  if (json && json.signed_manifest) {
    return typeof json.signed_manifest === 'string' ? json.signed_manifest :
                                                      JSON.stringify(json.signed_manifest);
  }
  if (json && json.manifest && json.sig) return JSON.stringify({ manifest: json.manifest, sig: json.sig });
  throw new Error('the campaign answer holds no signed manifest');
}

export function advertiserKeyFrom(keys, config, campaignId) {
  if (config.advertiserKey) return config.advertiserKey;
  const list = keys.advertisers || [];
  const match = Array.isArray(list) ?
      list.find((a) => a.campaign === campaignId || (a.campaigns || []).includes(campaignId)) || list[0] :
      list[campaignId];
  const key = match && (match.public_key || match.key || match);
  if (typeof key !== 'string') throw new Error('no advertiser key for this campaign');
  return key;
}

export function logKeyFrom(keys) {
  const log = keys.log || keys;
  if (typeof log.vkey === 'string') return log.vkey;
  throw new Error('the server published no log verifier key');
}

// Everything the form needs, verified. Throws with the module's error when the manifest fails.
export async function loadCampaign(config, capture) {
  const [campaign, keys] = await Promise.all([
    fetchJson(`${config.api}/campaigns/${encodeURIComponent(config.campaign)}`),
    loadKeys(config),
  ]);
  const signed = signedManifestOf(campaign.json);
  const advertiserKey = advertiserKeyFrom(keys, config, campaign.json.id || config.campaign);
  const summary = capture.verifyManifest(signed, advertiserKey);
  if (!summary.ok) {
    const error = new Error(summary.error.message_nl);
    error.wire = summary.error;
    throw error;
  }
  return { signed, advertiserKey, summary, keys };
}
