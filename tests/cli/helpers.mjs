// Shared helpers for the CLI tests: run build/bin/optin, temp folders, vector files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const buildDir = process.env.OPTIN_BUILD_DIR || path.resolve('build');
export const sourceDir = process.env.OPTIN_SOURCE_DIR || path.resolve('.');
export const sharedDir = process.env.OPTIN_SHARED_DIR || path.resolve(sourceDir, '../shared');
export const optinPath = path.join(buildDir, 'bin', 'optin');

if (!fs.existsSync(optinPath)) {
  throw new Error(`optin CLI not built at ${optinPath}`);
}

// Runs optin with args; input (string) goes to stdin. Returns {status, stdout, stderr}.
export function optin(args, input) {
  const r = spawnSync(optinPath, args, { input, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'optin-cli-'));
}

export function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function filesIn(dir, ext) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => path.join(dir, f));
}
