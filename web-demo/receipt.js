// The receipt view: the module checks the receipt against the server's signed checkpoint (C2SP
// signed note, Ed25519 with the log key from /v1/keys) and the RFC 9162 inclusion proof of the
// record's leaf. The receipt comes from this device's outbox (?id=RECORD_ID) or from the link
// itself (#receipt=base64url(JSON)), so a person can keep it outside the browser too.
import { loadConfig, loadKeys, loadModule, logKeyFrom } from './campaign.js';
import { get } from './db.js';

const $ = (id) => document.getElementById(id);

function base64UrlDecode(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

async function receiptText() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('receipt')) return { text: base64UrlDecode(hash.get('receipt')) };
  const id = new URLSearchParams(location.search).get('id');
  if (!id) throw new Error('Geen bewijs gevonden: open deze pagina via je inzending.');
  const entry = await get('outbox', id);
  if (!entry) throw new Error('Dit bewijs staat niet op dit apparaat.');
  if (entry.state !== 'confirmed') throw new Error('Deze inzending is nog niet bevestigd.');
  return { text: entry.receipt, entry };
}

function verdict(kind, text) {
  const node = $('verdict');
  node.className = `verdict ${kind}`;
  node.textContent = text;
  document.body.dataset.state = kind;
}

async function main() {
  let receipt;
  let checked;
  try {
    const config = await loadConfig();
    const [capture, keys, found] = await Promise.all([loadModule(config), loadKeys(config),
                                                      receiptText()]);
    receipt = JSON.parse(found.text);
    checked = capture.verifyReceipt(found.text, logKeyFrom(keys), found.entry?.envelope);
    globalThis.optinReceipt = { receipt, checked };
  } catch (error) {
    verdict('bad', error.message);
    return;
  }
  $('r-note').textContent = receipt.checkpoint || '';
  if (!checked.ok) {
    verdict('bad', `Dit bewijs klopt niet: ${checked.error.message_nl}`);
    return;
  }
  $('r-id').textContent = checked.record_id;
  $('r-leaf').textContent = `#${checked.leaf_index}`;
  $('r-time').textContent = receipt.server_time || '';
  $('r-origin').textContent = checked.origin;
  $('r-size').textContent = checked.tree_size;
  $('r-key').textContent = checked.key_name;
  $('details').hidden = false;
  if (receipt.withdrawal_token) {
    const link = $('withdraw-link');
    const fragment = `#token=${encodeURIComponent(receipt.withdrawal_token)}`;
    link.querySelector('a').href = `withdraw.html${fragment}`;
    $('inspect-link').href = `consent.html${fragment}`;
    link.hidden = false;
  }
  const bound = checked.record_bound ?
      ' Het is jouw ondertekende inzending van dit apparaat.' :
      ' (De inzending zelf staat niet op dit apparaat; alleen het bewijs is gecontroleerd.)';
  verdict('ok', `Bewijs gecontroleerd: inzending #${checked.leaf_index} staat in het logboek ` +
                `(${checked.tree_size} inzendingen), ondertekend door ${checked.key_name}.${bound}`);
}

main();
