// The QA page (R21): a pasted manifest and landing-page HTML linted by the WebAssembly module's
// qaForm, the same rules and the same report as `optin qa --format json`. Nothing is sent; the
// example campaign is fetched from this server (its signed manifest and the demo page).
import { fetchJson, loadConfig, loadQaModule } from './campaign.js';

const $ = (id) => document.getElementById(id);
const kSeverity = { error: 'fout', warning: 'waarschuwing', info: 'info' };

function fieldError(id, text) {
  $(`${id}-error`).textContent = text;
  $(id).setAttribute('aria-invalid', text ? 'true' : 'false');
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.append(td);
  return td;
}

function countText(counts) {
  const part = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  return `${part(counts.error, 'fout', 'fouten')}, ${part(counts.warning, 'waarschuwing',
                                                          'waarschuwingen')}, ${counts.info} info`;
}

function showReport(report) {
  const body = $('findings-body');
  body.replaceChildren();
  for (const f of report.findings) {
    const row = document.createElement('tr');
    row.dataset.rule = f.rule;
    row.dataset.severity = f.severity;
    cell(row, kSeverity[f.severity] || f.severity, `sev-${f.severity}`);
    cell(row, f.rule, 'rule');
    cell(row, f.line > 0 ? `${f.element} (regel ${f.line})` : f.element, 'element');
    cell(row, f.message, 'message');
    cell(row, f.hint, 'hint');
    body.append(row);
  }
  $('findings').hidden = report.findings.length === 0;
  const verdict = report.passed ? 'Goedgekeurd' : 'Afgekeurd';
  $('summary').className = `verdict ${report.passed ? 'ok' : 'bad'}`;
  $('summary').textContent = `${verdict}: actie ${report.campaign} versie ${report.version}, ` +
                             `${countText(report.counts)}.` +
                             (report.findings.length === 0 ? ' Geen bevindingen.' : '');
  $('report').hidden = false;
  document.body.dataset.state = 'done';
  document.body.dataset.passed = String(report.passed);
  $('report-title').focus();
}

function run(capture) {
  const manifest = $('manifest').value.trim();
  const html = $('html').value;
  fieldError('manifest', manifest ? '' : 'Plak het manifest.');
  fieldError('html', html.trim() ? '' : 'Plak de HTML van de pagina.');
  if (!manifest || !html.trim()) return;
  const answer = capture.qaForm(manifest, html);
  if (!answer.ok) {
    // Only the manifest (its JSON or its rules) can make the check itself fail.
    fieldError('manifest', `Dit manifest is niet te lezen: ${answer.error.message_nl} ` +
                           `(${answer.error.code}${answer.error.field ? `, ${answer.error.field}` : ''})`);
    $('report').hidden = true;
    document.body.dataset.state = 'refused';
    $('manifest').focus();
    return;
  }
  showReport(answer.report);
}

// The example campaign: its signed manifest from the API and the demo's own landing page.
async function loadExample(config) {
  const [{ json: campaign }, page] = await Promise.all([
    fetchJson(`${config.api}/campaigns/${encodeURIComponent(config.campaign)}`),
    fetch(new URL('index.html', document.baseURI)).then((r) => {
      if (!r.ok) throw new Error(`index.html: HTTP ${r.status}`);
      return r.text();
    }),
  ]);
  // The server wraps the signed manifest ({manifest, sig}) in its campaign answer.
  const signed = typeof campaign.signed_manifest === 'string' ?
      JSON.parse(campaign.signed_manifest) : campaign.signed_manifest;
  if (!signed) throw new Error('de server gaf geen ondertekend manifest');
  $('manifest').value = JSON.stringify(signed, null, 2);
  $('html').value = page;
}

async function main() {
  let config;
  let capture;
  try {
    config = await loadConfig();
    capture = await loadQaModule(config);
  } catch (e) {
    $('load-error').textContent = `De controle kan niet laden: ${e.message}`;
    $('load-error').hidden = false;
    document.body.dataset.state = 'error';
    return;
  }
  $('qa-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run(capture);
  });
  $('example').addEventListener('click', async () => {
    $('example').disabled = true;
    try {
      await loadExample(config);
      run(capture);
    } catch (e) {
      $('load-error').textContent = `De voorbeeldactie kan niet laden: ${e.message}`;
      $('load-error').hidden = false;
    } finally {
      $('example').disabled = false;
    }
  });
  document.body.dataset.state = 'ready';
}

main();
