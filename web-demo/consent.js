// Inspection (industry code; issue 6): with the receipt's code the person sees what they agreed
// to, exactly as the server's ledger and the signed manifest say it (POST /v1/consents/inspect),
// and downloads the same facts as an ISO/IEC TS 27560 consent receipt (POST
// /v1/consents/receipt). The code travels in the request body and the page's fragment, never in
// a URL the server logs. All text is set with textContent: nothing from the server is parsed
// as HTML.
import { loadConfig } from './campaign.js';

const $ = (id) => document.getElementById(id);

function status(state, text, look = state) {
  const node = $('status');
  node.className = `verdict ${look}`;
  node.textContent = text;
  node.hidden = false;
  document.body.dataset.state = state;
}

function localTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'long',
                                        timeStyle: 'medium' });
}

function item(text, className) {
  const li = document.createElement('li');
  li.textContent = text;
  if (className) li.className = className;
  return li;
}

function pair(list, term, value) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value;
  list.append(dt, dd);
}

async function post(config, path, token) {
  const api = (config.api || '/v1').replace(/\/$/, '');
  return fetch(`${api}${path}`, { method: 'POST', cache: 'no-store',
                                  headers: { 'content-type': 'application/json' },
                                  body: JSON.stringify({ token }) });
}

function render(view, token) {
  $('v-campaign').textContent = `${view.campaign.title} (versie ${view.campaign.version})`;
  $('v-advertiser').textContent = view.campaign.advertiser;
  $('v-when').textContent = localTime(view.captured_at);
  const source = view.source || {};
  const partner = source.partner === 'direct' ? `de eigen pagina van ${view.partner.name}`
                                              : `partner ${view.partner.name}`;
  $('v-source').textContent = `${partner}; kanaal ${source.channel || '-'}, plaats ` +
                              `${source.placement || '-'}, uiting ${source.creative || '-'} ` +
                              `(code ${source.code || '-'})`;
  $('v-id').textContent = view.record_id;

  const consents = $('v-consents');
  consents.replaceChildren();
  for (const c of view.consents) {
    consents.append(item(`${c.given ? 'Ja' : 'Nee'}: “${c.text}”${c.one_time ? ' (eenmalig)' : ''}`,
                         c.given ? 'given' : 'refused'));
  }
  const callers = $('v-callers');
  callers.replaceChildren();
  if (view.who_may_call.length === 0) {
    callers.append(item(view.status === 'given' ? 'Niemand: je gaf geen toestemming om gebeld ' +
                                                  'te worden.'
                                                : 'Niemand meer: je toestemming is ingetrokken.'));
  }
  for (const c of view.who_may_call) {
    callers.append(item(`${c.caller}${c.about ? `, over ${c.about}` : ''}` +
                        `${c.one_time ? ' (één keer)' : ''}`));
  }
  const fields = $('v-fields');
  fields.replaceChildren();
  for (const f of view.fields) {
    const value = f.value === null ? '(gewist)' : String(f.value);
    pair(fields, f.label, `${value} — ${f.purpose}`);
  }
  if (view.extra_question) {
    const answer = view.extra_question.answer;
    pair(fields, view.extra_question.text, answer === null || answer === undefined ? '(geen antwoord)'
                                                                               : String(answer));
  }
  const links = $('v-links');
  links.replaceChildren();
  for (const doc of [view.terms, view.privacy]) {
    const a = document.createElement('a');
    a.href = doc.url;
    a.textContent = doc.text;
    links.append(a, document.createTextNode(' '));
  }
  $('withdraw-link').href = `withdraw.html#token=${encodeURIComponent(token)}`;
  $('withdraw-link').hidden = view.status !== 'given';
  $('view').hidden = false;
  if (view.status === 'given') {
    status('ok', 'Deze toestemming geldt. Je kunt hem hieronder intrekken.');
  } else if (view.status === 'withdrawn') {
    status('withdrawn', `Deze toestemming is ingetrokken op ${localTime(view.withdrawn.at)}.`,
           'wait');
  } else {
    status('erased', 'Je gegevens zijn gewist; wat je zag en wanneer blijft als bewijs bewaard.',
           'wait');
  }
}

async function download(config, token) {
  const response = await post(config, '/consents/receipt', token);
  if (!response.ok) {
    status('bad', `Downloaden lukte niet (HTTP ${response.status}).`);
    return;
  }
  const blob = new Blob([await response.text()], { type: 'application/ld+json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `toestemming-${$('v-id').textContent}.jsonld`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

async function inspect(config, token) {
  let response;
  try {
    response = await post(config, '/consents/inspect', token);
  } catch {
    status('offline', 'Geen verbinding. Je toestemming bekijken kan zodra je weer online bent; ' +
                      'intrekken kan ook offline.', 'wait');
    return;
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    $('view').hidden = true;
    status('bad', answer.error?.message || `HTTP ${response.status}`);
    return;
  }
  render(answer, token);
}

async function main() {
  const config = await loadConfig();
  let token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  $('token').value = token;
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    token = $('token').value.trim();
    $('token-error').textContent = token ? '' : 'Vul de code uit je bewijs in.';
    $('token').setAttribute('aria-invalid', token ? 'false' : 'true');
    if (token) inspect(config, token);
  });
  $('download').addEventListener('click', () => download(config, token));
  if (token) await inspect(config, token);
  else document.body.dataset.state = 'ready';
}

main();
