// Writes numbers.tsv beside this script: one double per line as 16 hex digits of its IEEE 754
// bits, a TAB, and node's String(x) (ECMAScript Number.prototype.toString, what RFC 8785 prints).
// The C++ FormatEcmaScriptNumber is checked against it by tests/unit/jcs_test.cc.
// Usage: node tests/vectors/jcs/make_numbers.mjs [random-count]   (deterministic: fixed seed)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const randomCount = Number(process.argv[2] ?? 10000);
const bits = new BigUint64Array(1);
const float = new Float64Array(bits.buffer);
const seen = new Set();
const lines = [];

function addBits(b) {
  bits[0] = BigInt.asUintN(64, b);
  if (!Number.isFinite(float[0])) return;
  const hex = bits[0].toString(16).padStart(16, '0');
  if (seen.has(hex)) return;
  seen.add(hex);
  lines.push(`${hex}\t${String(float[0])}`);
}
function add(x) {
  float[0] = x;
  addBits(bits[0]);
}
function bitsOf(x) {
  float[0] = x;
  return bits[0];
}

// Zeros, the extremes, the subnormal range and its border with the normal range.
for (const b of [0n, 1n << 63n, 1n, 2n, 3n, 0xfffffffffffffn, 0x10000000000000n, 0x10000000000001n,
                 0x7fefffffffffffffn, 0x7feffffffffffffen]) {
  addBits(b);
  addBits(b | (1n << 63n));
}
for (let i = 1n; i <= 64n; i++) addBits(i * 7919n);
// Every power of two, and the double just below it: there the interval of values that read back
// is narrower below than above, the case where shortest and closest can differ.
for (let e = -1074; e <= 1023; e++) {
  const b = bitsOf(2 ** e);
  addBits(b);
  addBits(b - 1n);
  addBits(b + 1n);
}
// Powers of ten with their neighbours, and the layout borders 1e-7 / 1e-6 / 1e21.
for (let e = -323; e <= 308; e++) {
  const b = bitsOf(Number(`1e${e}`));
  addBits(b - 1n);
  addBits(b);
  addBits(b + 1n);
}
for (const x of [1e-7, 1.5e-7, 9.9e-7, 1e-6, 1.234e-6, 1e20, 1.5e20, 123456789012345680000,
                 999999999999999900000, 1e21, 1.5e21, 0.1, 0.2, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3,
                 Math.PI, Math.E, 4.5, 0.002, 1e30, 333333333.33333329, 1e-27, 5e-324,
                 -0.0000033333333333333333, 1424953923781206.2, 295147905179352830000]) {
  add(x);
  add(-x);
}
// Integers around 2^53 (the last exactly countable one) and around 2^63, 2^64.
for (const base of [2n ** 53n, 2n ** 63n, 2n ** 64n]) {
  for (let d = -4n; d <= 4n; d++) {
    add(Number(base + d));
    add(-Number(base + d));
  }
}

// Random doubles from a fixed-seed SplitMix64: a third uniform bit patterns, a third short
// decimals (1 to 17 digits, exponent -30..30), a third integers below 2^53.
let state = 0x6f7074696e2d6a63n;  // "optin-jc"
function next() {
  state = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
  let z = state;
  z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
  z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
  return z ^ (z >> 31n);
}
const target = lines.length + randomCount;
for (let i = 0; lines.length < target; i++) {
  const r = next();
  if (i % 3 === 0) {
    addBits(r);
  } else if (i % 3 === 1) {
    const digits = Number(r % 17n) + 1;
    const mantissa = (next() % 10n ** BigInt(digits)).toString();
    const exponent = Number(next() % 61n) - 30;
    add((r & 1n ? -1 : 1) * Number(`${mantissa}e${exponent}`));
  } else {
    add((r & 1n ? -1 : 1) * Number(next() % 2n ** 53n));
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
fs.writeFileSync(path.join(here, 'numbers.tsv'), lines.join('\n') + '\n');
console.log(`numbers.tsv: ${lines.length} lines`);
