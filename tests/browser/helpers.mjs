// Shared helpers of the browser tests: a real optin-server on a free loopback port with a
// throw-away data folder and web-demo/ as its web root, and Debian's Chromium driven by
// playwright-core (never a downloaded browser) with a fresh profile per test.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sourceDir = process.env.OPTIN_SOURCE_DIR || path.resolve(here, '../..');
export const buildDir = process.env.OPTIN_BUILD_DIR || path.join(sourceDir, 'build');
export const artifactsDir = path.join(buildDir, 'artifacts', 'browser');
const serverPath = path.join(buildDir, 'bin', 'optin-server');
const wasmDir = process.env.OPTIN_WASM_DIR || path.join(buildDir, 'wasm');
const chromiumPath = process.env.OPTIN_CHROMIUM || '/usr/bin/chromium';

// TOOLCHAIN.md: without the background-networking flags Chromium floods the closed network.
const kChromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
                       '--no-first-run', '--disable-background-networking',
                       '--disable-component-update', '--disable-sync'];

export const phone = { width: 360, height: 780 };
export const desktop = { width: 1280, height: 900 };

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, child, log, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`optin-server exited with ${child.exitCode}:\n${log.join('')}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`optin-server did not answer ${url} within ${timeoutMs} ms:\n${log.join('')}`);
}

// The page loads the module from /wasm/: the server mounts the built package there.
function wasmRoot() {
  if (!fs.existsSync(path.join(wasmDir, 'optin-capture.wasm'))) {
    throw new Error(`the WebAssembly package is not built at ${wasmDir}`);
  }
  return wasmDir;
}

// Starts optin-server --dev (development keys and the example campaign on first start).
export async function startServer() {
  if (!fs.existsSync(serverPath)) throw new Error(`optin-server not built at ${serverPath}`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'optin-browser-'));
  const data = path.join(scratch, 'data');
  fs.mkdirSync(data);
  const port = await freePort();
  const log = [];
  const child = spawn(serverPath, ['--data', data, '--listen', `127.0.0.1:${port}`, '--web-root',
                                   path.join(sourceDir, 'web-demo'), '--wasm-root', wasmRoot(),
                                   '--dev'],
                      { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(`${origin}/v1/keys`, child, log);
  return {
    origin,
    log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}

// options.serviceWorkers: 'block' for a test that rewrites answers with page.route, which never
// sees the requests a service worker makes (Playwright's documented limit): the demo's worker can
// take over the page before the page fetches its manifest.
export async function launchBrowser(viewport = phone, options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'optin-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath, headless: true, args: kChromiumArgs, viewport,
    serviceWorkers: options.serviceWorkers ?? 'allow',
  });
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Opens a page of the demo and waits until it rendered the verified form (or refused it).
export async function openDemo(page, url) {
  await page.goto(url);
  await page.waitForSelector('body[data-state]', { timeout: 20000 });
  return page.getAttribute('body', 'data-state');
}

export const person = {
  given_name: 'Anna',
  family_name: 'de Vries',
  email: 'anna.devries@example.nl',
  postcode: '1234 ab',
  date_of_birth: '01-02-1990',
  ebike_use: 'Elke dag naar mijn werk, 12 km heen en terug.',
};

export async function fillForm(page, values = person) {
  for (const [name, value] of Object.entries(values)) {
    await page.locator(`[name="${name}"]`).pressSequentially(value);
  }
  await page.check('#c-participation');
}

// Waits until every outbox entry on the page is confirmed; returns the entries.
export async function waitConfirmed(page, count, timeoutMs = 20000) {
  await page.waitForFunction((n) => {
    const items = document.querySelectorAll('#outbox li');
    return items.length === n && [...items].every((li) => li.dataset.state === 'confirmed');
  }, count, { timeout: timeoutMs });
  return page.evaluate(() => globalThis.optinDemo.entries);
}

export async function screenshot(page, name) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// The consent records in the server's log, read from its public entries endpoint (independent
// of anything the page says).
export async function serverConsentEntries(server) {
  const answer = await (await fetch(`${server.origin}/v1/log/entries?start=0`)).json();
  return answer.entries.filter((e) => e.type === 'consent_record').map((e) => ({
    index: e.index,
    entry: JSON.parse(Buffer.from(e.entry, 'base64').toString('utf8')),
  }));
}

export async function serverRecordCount(server) {
  return (await serverConsentEntries(server)).length;
}

// The log entry at the receipt's leaf index is a consent record with the receipt's record id.
export async function serverHasRecord(server, receipt) {
  const entries = await serverConsentEntries(server);
  const found = entries.find((e) => String(e.index) === String(receipt.leaf_index));
  return Boolean(found && found.entry.record.id === receipt.record_id);
}
