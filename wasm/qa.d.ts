// Types of @optin-capture/core/qa: the QA build of the module (qa.mjs). Everything
// OptinCapture offers, plus campaign QA (R21).
import type { Answer, JsonArg, LoadOptions, OptinCapture } from './index.js';

export interface LintFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  where: string;
  message: string;
  hint: string;
}

/** One finding of the campaign-form QA (rule ids in docs/qa.md). */
export interface QaFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  /** CSS-like path of the element, or "manifest <member>" for the manifest's own findings. */
  element: string;
  /** 1-based line in the HTML; 0 for manifest findings and measurements of a rendered page. */
  line: number;
  message: string;
  hint: string;
}

/** The QA report, the same as `optin qa --format json`. */
export interface QaReport {
  campaign: string;
  version: number;
  browser: boolean;
  passed: boolean;
  counts: { error: number; warning: number; info: number };
  findings: QaFinding[];
}

export interface OptinCaptureQa extends OptinCapture {
  /** QA lint (R21) of a bare or signed manifest (the signature is not checked). */
  lintManifest(manifest: JsonArg): Answer<{ passed: boolean; findings: LintFinding[] }>;
  /**
   * Campaign-form QA (R21): lints a landing page's HTML against a bare or signed manifest (the
   * signature is not checked). options.browser_facts: what a renderer measured (docs/qa.md).
   * report is the object; json its exact text as `optin qa --format json` prints it; text the
   * text report. Fails only when the manifest or the facts cannot be read.
   */
  qaForm(manifest: JsonArg, html: string, options?: { browser_facts?: object } | string):
      Answer<{ report: QaReport; json: string; text: string }>;
}

/**
 * Loads the QA build (optin-capture-qa.wasm beside this file); options as loadOptinCapture's,
 * except simd: there is one QA build, without SIMD (its build().simd is false).
 */
export function loadOptinCaptureQa(options?: LoadOptions): Promise<OptinCaptureQa>;
export default loadOptinCaptureQa;
