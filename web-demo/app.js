// The win-action page: loads the module and the verified manifest, renders the form from it,
// validates live with the core's Dutch messages, and on submit measures the capture context,
// builds and signs the record in the module, stores it in the outbox and sends it. No validation
// or cryptography here: every check, hash and signature is the C++ core's.
import { loadCampaign, loadConfig, loadModule } from './campaign.js';
import { ContextRecorder } from './context.js';
import { deviceKey } from './device-key.js';
import { renderForm } from './form.js';
import { Outbox } from './outbox.js';
import { renderOutbox } from './outbox-view.js';
import { trafficFromUrl } from './traffic.js';

const demo = (globalThis.optinDemo = { ready: false });

function registerServiceWorker() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js').catch((e) => console.warn('service worker:', e));
  }
}

function showRefusal(app, error) {
  const box = document.createElement('div');
  box.className = 'refused';
  box.setAttribute('role', 'alert');
  box.id = 'refused';
  const wire = error.wire;
  box.textContent = wire ?
      `Dit formulier is niet te vertrouwen en wordt daarom niet getoond: ${wire.message_nl}` :
      `Het formulier kan nu niet worden geladen. Probeer het later opnieuw. (${error.message})`;
  if (wire) box.dataset.code = wire.code;
  app.replaceChildren(box);
  document.body.dataset.state = 'refused';
}

function rulesOf(spec) {
  const rules = { required: spec.required };
  if (spec.max_length) rules.max_length = spec.max_length;
  if (spec.options) rules.options = spec.options;
  if (spec.min_age) rules.min_age = spec.min_age;
  return rules;
}

function setError(form, name, message) {
  const slot = form.querySelector(`#err-${CSS.escape(name)}`);
  const input = form.querySelector(`[name="${CSS.escape(name)}"], [data-consent="${CSS.escape(name)}"]`);
  if (slot) slot.textContent = message;
  if (input) input.setAttribute('aria-invalid', message ? 'true' : 'false');
}

class Page {
  constructor(config, capture, campaign, traffic) {
    Object.assign(this, { config, capture, campaign, traffic });
    this.app = document.getElementById('app');
    this.codes = new Map((capture.errorCodes().codes || []).map((c) => [c.code, c.message_nl]));
    this.outboxSection = document.getElementById('outbox');
    this.outbox = new Outbox({ endpoint: `${config.api}/consents`, onChange: () => this.refresh() });
  }

  async refresh() {
    const entries = await this.outbox.list();
    renderOutbox(this.outboxSection, entries, (code) => this.codes.get(code));
    demo.entries = entries;
  }

  render() {
    const { form, specs } = renderForm(this.app, this.campaign.summary);
    this.form = form;
    this.specs = specs;
    this.recorder = new ContextRecorder();
    for (const node of form.querySelectorAll('[data-legal-kind]')) {
      this.recorder.watchLegalText(node, node.dataset.legalKind, node.dataset.legalId);
    }
    for (const box of form.querySelectorAll('input[data-consent]')) {
      this.recorder.watchConsentBox(box, box.dataset.consent);
      box.addEventListener('change', () => this.gate(box));
    }
    for (const spec of specs) {
      const input = form.elements.namedItem(spec.name);
      this.recorder.watchField(input, spec.name);
      input.addEventListener('change', () => this.check(spec, input));
      input.addEventListener('input', () => {
        if (input.getAttribute('aria-invalid') === 'true') this.check(spec, input);
      });
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit().catch((e) => this.summary(`Er ging iets mis: ${e.message}`));
    });
  }

  // Fields gated by a consent (the phone) show only while that box is ticked (R4).
  gate(box) {
    for (const block of this.form.querySelectorAll(`[data-gated-by="${box.dataset.consent}"]`)) {
      block.hidden = !box.checked;
      if (!box.checked) setError(this.form, block.dataset.field, '');
    }
  }

  check(spec, input) {
    if (input.closest('[hidden]')) return;
    const answer = this.capture.fieldCheck(spec.type, input.value, rulesOf(spec));
    setError(this.form, spec.name, answer.ok ? '' : answer.error.message_nl);
  }

  summary(text) {
    this.form.querySelector('#form-summary').textContent = text;
  }

  // Only what is shown leaves the page: a gated field whose consent is not given is not sent.
  submission() {
    const fields = {};
    for (const spec of this.specs) {
      const input = this.form.elements.namedItem(spec.name);
      if (input.closest('[hidden]')) continue;
      fields[spec.name] = input.value;
    }
    const consents = {};
    for (const box of this.form.querySelectorAll('input[data-consent]')) {
      consents[box.dataset.consent] = box.checked;
    }
    const context = this.recorder.measure();
    context.page = { kind: document.body.dataset.page, path: location.pathname };
    if (this.traffic.utm_campaign) context.utm_campaign = this.traffic.utm_campaign;
    return { fields, consents, source: this.traffic.code, context };
  }

  showErrors(errors) {
    for (const spec of this.specs) setError(this.form, spec.name, '');
    for (const box of this.form.querySelectorAll('input[data-consent]')) {
      setError(this.form, box.dataset.consent, '');
    }
    for (const error of errors) setError(this.form, error.field, error.message_nl);
    const first = this.form.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
    this.summary(errors.length ?
        `Controleer ${errors.length === 1 ? 'het gemarkeerde veld' : 'de gemarkeerde velden'}.` : '');
  }

  async submit() {
    const { signed, advertiserKey } = this.campaign;
    const submission = this.submission();
    const check = this.capture.validateSubmission(signed, advertiserKey, submission);
    if (!check.ok) {
      this.showErrors(check.errors && check.errors.length ? check.errors : [check.error]);
      return;
    }
    this.showErrors([]);
    const button = this.form.querySelector('button.submit');
    button.disabled = true;
    const key = await deviceKey(this.capture);
    const built = this.capture.buildRecord(signed, advertiserKey, submission, key.seed);
    if (!built.ok) {
      button.disabled = false;
      this.showErrors(built.errors && built.errors.length ? built.errors : [built.error]);
      return;
    }
    await this.outbox.add(built.id, built.envelope, { campaign: this.config.campaign });
    demo.lastEnvelope = built.envelope;
    this.render();  // a fresh, empty form with unticked boxes for a next entry
    const thanks = Object.assign(document.createElement('p'), {
      className: 'verdict ok', id: 'thanks', tabIndex: -1,
      textContent: 'Bedankt voor je deelname! Onder het formulier zie je of je inzending al is ' +
          'bevestigd. Wil je nog iemand inschrijven? Vul het formulier opnieuw in.',
    });
    this.app.prepend(thanks);
    thanks.focus();
    this.outbox.flush();
  }
}

async function main() {
  registerServiceWorker();
  const app = document.getElementById('app');
  const traffic = trafficFromUrl(location.href, document.body.dataset.page);
  const partnerName = document.getElementById('partner-name');
  let page;
  try {
    const config = await loadConfig();
    const capture = await loadModule(config);
    const campaign = await loadCampaign(config, capture);
    Object.assign(demo, { capture, summary: campaign.summary, traffic });
    page = new Page(config, capture, campaign, traffic);
    const partner = (campaign.summary.manifest.partners || []).find((p) => p.id === traffic.partner);
    if (partnerName && partner) partnerName.textContent = partner.name;
    document.getElementById('title').textContent = campaign.summary.title;
  } catch (error) {
    demo.error = error.wire || { message: String(error.message || error) };
    showRefusal(app, error);
    return;
  }
  page.render();
  await page.refresh();
  page.outbox.start();
  demo.ready = true;
  document.body.dataset.state = 'ready';
}

main();
