#!/usr/bin/env node
// Renders a landing page in headless Debian Chromium (driven by npm playwright-core, which
// downloads no browser) and prints what a person gets, as the browser facts of `optin qa
// --browser` (docs/qa.md):
//   {"html": the DOM after the scripts ran,
//    "checkboxes": [{"element","label","checked_at_load","checked_after_scripts","visible"}],
//    "legal": [{"kind","id","element","text","visible","contrast","font_px"}]}
// Usage: node tools/qa-browser.mjs TARGET [--manifest FILE] [--settle-ms N] [--viewport WxH]
// TARGET is an HTML file or a URL on this machine (http://127.0.0.1|localhost|[::1]). The page
// may load only from the target's own origin (a file page: local files); every other request is
// refused. Exit status 0 with the JSON on stdout; 2 for usage, 1 when the page cannot be rendered
// (the message on stderr).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const kUsage = 'usage: node tools/qa-browser.mjs TARGET [--manifest FILE] [--settle-ms N] ' +
               '[--viewport WxH]';
const kLoopback = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:[0-9]{1,5})?(\/.*)?$/;
// TOOLCHAIN.md: without the background-networking flags Chromium floods the closed network.
const kChromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
                       '--no-first-run', '--disable-background-networking',
                       '--disable-component-update', '--disable-sync'];

function fail(status, message) {
  process.stderr.write(`qa-browser: ${message}\n`);
  process.exit(status);
}

function parseArgs(argv) {
  const options = { target: null, manifest: null, settleMs: 1000, viewport: { width: 360, height: 780 } };
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(2, `${arg} needs a value\n${kUsage}`);
      return argv[++i];
    };
    if (arg === '--manifest') options.manifest = value();
    else if (arg === '--settle-ms') {
      options.settleMs = Number(value());
      if (!Number.isInteger(options.settleMs) || options.settleMs < 0 || options.settleMs > 60000) {
        fail(2, '--settle-ms is a whole number of milliseconds up to 60000');
      }
    } else if (arg === '--viewport') {
      const m = /^(\d{2,5})x(\d{2,5})$/.exec(value());
      if (!m) fail(2, '--viewport is WIDTHxHEIGHT, e.g. 360x780');
      options.viewport = { width: Number(m[1]), height: Number(m[2]) };
    } else if (arg.startsWith('--')) fail(2, `unknown option ${arg}\n${kUsage}`);
    else if (options.target === null) options.target = arg;
    else fail(2, `one TARGET only\n${kUsage}`);
  }
  if (options.target === null) fail(2, kUsage);
  return options;
}

// The manifest's legal links and consent ids (bare or signed manifest); null without one.
function readManifest(file) {
  if (file === null) return null;
  let json;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(2, `cannot read the manifest ${file}: ${e.message}`);
  }
  const m = json && json.manifest && json.sig ? json.manifest : json;
  return {
    terms: typeof m?.terms?.url === 'string' ? m.terms.url : null,
    privacy: typeof m?.privacy?.url === 'string' ? m.privacy.url : null,
    consents: Array.isArray(m?.consents) ? m.consents.map((c) => String(c.id)) : [],
  };
}

function targetUrl(target) {
  if (/^[a-z]+:\/\//i.test(target)) {
    if (!kLoopback.test(target)) fail(2, 'a URL must be http://127.0.0.1[:port]/... (this machine only)');
    return target;
  }
  if (!fs.existsSync(target)) fail(2, `cannot read file ${target}`);
  return pathToFileURL(path.resolve(target)).href;
}

// Runs inside the page: facts about every checkbox and every legal text. Kept self-contained
// (playwright serialises it).
function measure({ manifest }) {
  const atLoad = globalThis.__optinQaAtLoad;  // element -> checked when the load event fired
  const collapse = (s) => String(s || '').replace(/[\s\u00a0]+/g, ' ').trim();
  const descriptor = (e) => {
    let d = e.localName;
    if (e.id) d += `#${e.id}`;
    const name = e.getAttribute('name');
    if (name) d += `[name=${name}]`;
    return d;
  };
  // The same shape as the core's paths: up to three ancestors below <body>, then the element.
  const pathOf = (e) => {
    const parts = [descriptor(e)];
    for (let n = e.parentElement; n && parts.length < 4; n = n.parentElement) {
      if (n.localName === 'body' || n.localName === 'html') break;
      parts.unshift(descriptor(n));
    }
    return parts.join(' > ');
  };
  const parseRgb = (text) => {
    const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)/.exec(text);
    if (!m) return null;
    let a = 1;
    if (m[4] !== undefined) a = m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return { r: +m[1], g: +m[2], b: +m[3], a };
  };
  const over = (top, under, alpha) => ({
    r: top.r * alpha + under.r * (1 - alpha),
    g: top.g * alpha + under.g * (1 - alpha),
    b: top.b * alpha + under.b * (1 - alpha),
  });
  // The colour behind the element: the backgrounds of it and its ancestors composited over the
  // white canvas, from the root down (background images are not looked at).
  const backgroundOf = (e) => {
    const chain = [];
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) chain.unshift(n);
    let colour = { r: 255, g: 255, b: 255 };
    for (const n of chain) {
      const bg = parseRgb(getComputedStyle(n).backgroundColor);
      if (bg && bg.a > 0) colour = over(bg, colour, bg.a);
    }
    return colour;
  };
  // WCAG 2 relative luminance and contrast ratio of the text colour (its alpha and the
  // ancestors' opacity blended into the background) against the effective background.
  const luminance = ({ r, g, b }) => {
    const channel = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrastOf = (e) => {
    const style = getComputedStyle(e);
    const fg = parseRgb(style.color) || { r: 0, g: 0, b: 0, a: 1 };
    let opacity = fg.a;
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
      opacity *= parseFloat(getComputedStyle(n).opacity);
    }
    const bg = backgroundOf(e);
    const shown = over(fg, bg, opacity);
    const [hi, lo] = [luminance(shown), luminance(bg)].sort((x, y) => y - x);
    return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
  };
  // Seen by a person: not hidden by a style sheet on itself or an ancestor, not clipped to
  // nothing, a box of at least 1x1 px, and not pushed off the page to the left or top.
  const visible = (e) => {
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
      const style = getComputedStyle(n);
      if (style.display === 'none' || style.visibility === 'hidden' ||
          style.visibility === 'collapse' || parseFloat(style.opacity) === 0) {
        return false;
      }
      if (/^rect\(\s*0(px)?[\s,]+0(px)?[\s,]+0(px)?[\s,]+0(px)?\s*\)$/.test(style.clip) ||
          /inset\(\s*50%/.test(style.clipPath)) {
        return false;
      }
    }
    const box = e.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) return false;
    const left = box.right + scrollX;
    const top = box.bottom + scrollY;
    return left > 0 && top > 0 && box.left + scrollX < document.documentElement.scrollWidth;
  };
  const fontPx = (e) => Math.round(parseFloat(getComputedStyle(e).fontSize) * 100) / 100;
  const labelOf = (e) => {
    const labels = [...(e.labels || [])].map((l) => collapse(l.innerText || l.textContent));
    if (labels.length) return labels.join(' ');
    return collapse(e.getAttribute('aria-label'));
  };
  const consentId = (e) => {
    if (!manifest) return '';
    const names = [e.getAttribute('name'), e.id, e.getAttribute('data-consent')];
    for (const id of manifest.consents) {
      if (names.some((n) => n === id || n === `consent:${id}` || n === `c-${id}`)) return id;
    }
    return '';
  };
  // Trailing slash and fragment ignored, as the core compares links.
  const normal = (url) => String(url || '').replace(/#.*$/, '').replace(/\/+$/, '');
  const linkKind = (a) => {
    const href = normal(a.href);
    if (manifest) {
      if (manifest.terms && href === normal(manifest.terms)) return 'terms';
      if (manifest.privacy && href === normal(manifest.privacy)) return 'privacy';
      return '';
    }
    const words = `${href} ${a.textContent}`.toLowerCase();
    if (/voorwaarden|terms|conditions/.test(words)) return 'terms';
    if (/privacy/.test(words)) return 'privacy';
    return '';
  };

  const boxes = [...document.querySelectorAll('input[type=checkbox]')];
  const checkboxes = boxes.map((e) => ({
    element: pathOf(e),
    label: labelOf(e),
    // A box ticked by its HTML is the page rules' checkbox_prechecked; these are script ticks.
    checked_at_load: Boolean(atLoad && atLoad.get(e)) && !e.defaultChecked,
    checked_after_scripts: e.checked && !e.defaultChecked,
    visible: visible(e),
  }));
  const legal = [];
  const addLegal = (e, kind, id, text) => {
    legal.push({ kind, id, element: pathOf(e), text, visible: visible(e), contrast: contrastOf(e),
                 font_px: fontPx(e) });
  };
  for (const a of document.querySelectorAll('a[href]')) {
    const kind = linkKind(a);
    if (kind) addLegal(a, kind, '', collapse(a.textContent));
  }
  // The consent texts: the labels of the manifest's consent boxes (every box without a manifest).
  for (const e of boxes) {
    const id = consentId(e);
    if (manifest && !id) continue;
    for (const label of e.labels || []) addLegal(label, 'consent', id, collapse(label.textContent));
  }
  return { checkboxes, legal };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const manifest = readManifest(options.manifest);
  const url = targetUrl(options.target);
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    fail(1, 'npm playwright-core is not installed: run tools/setup.sh --with-browser');
  }
  const executablePath = process.env.OPTIN_CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) fail(1, `no Chromium at ${executablePath}`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'optin-qa-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath, headless: true, args: kChromiumArgs, viewport: options.viewport,
    });
    // Only the page's own origin (for a file: local files); nothing leaves this machine.
    const own = url.startsWith('file:') ? 'file:' : new URL(url).origin;
    await context.route('**/*', (route) => {
      const req = route.request().url();
      const allowed = own === 'file:' ? req.startsWith('file:') || req.startsWith('data:')
                                      : req.startsWith(`${own}/`) || req.startsWith('data:');
      return allowed ? route.continue() : route.abort('blockedbyclient');
    });
    // The checkbox states when the load event fires (before timers the page set run).
    await context.addInitScript(() => {
      addEventListener('load', () => {
        const states = new WeakMap();
        for (const e of document.querySelectorAll('input[type=checkbox]')) states.set(e, e.checked);
        globalThis.__optinQaAtLoad = states;
      }, { once: true });
    });
    const page = context.pages()[0] || (await context.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const response = await page.goto(url, { waitUntil: 'load', timeout: 20000 });
    if (response && !url.startsWith('file:') && response.status() !== 200) {
      throw new Error(`${url} answered HTTP ${response.status()}`);
    }
    // Let timers and fetches the page started run, as they would for a person reading it.
    await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
    await page.waitForTimeout(options.settleMs);
    const facts = await page.evaluate(measure, { manifest });
    const html = await page.content();
    process.stdout.write(`${JSON.stringify({ html, ...facts, script_errors: errors })}\n`);
  } finally {
    if (context) await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => fail(1, e.message));
