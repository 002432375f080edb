// Issue 13: a write with 100,000 labels (1.3 MB, which upstream accepts) blocked the sandbox for
// seconds, partly because every metadata rule sorted all label/annotation keys to report findings
// in key order. The rules now check keys in any order and sort only the keys with findings. Pinned
// by counting what Array.prototype.sort is given (not by timing), and the order of findings is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPodUpdate } from '../../src/core/rules/checkPodUpdate';
import { validateLabels } from '../../src/core/rules/metadataRules';
import { makePod } from './podFactory';

const N = 100_000;

/** Runs `fn` and returns the longest array sorted meanwhile. */
function longestSort(fn: () => void): number {
  const original = Array.prototype.sort;
  let longest = 0;
  Array.prototype.sort = function (this: unknown[], ...args: [((a: unknown, b: unknown) => number)?]) {
    longest = Math.max(longest, this.length);
    return original.apply(this, args);
  } as typeof original;
  try { fn(); } finally { Array.prototype.sort = original; }
  return longest;
}

test('an update adding 100,000 valid labels and 30,000 annotations sorts no list as long as the maps', { timeout: 60_000 }, () => {
  const many = Object.fromEntries(Array.from({ length: N }, (_, i) => [`k${i}`, 'v']));
  const old = makePod();
  // Annotations stay under the 256 KiB total upstream allows.
  const annotations = Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`a${i}`, 'v']));
  const next = makePod({}, { labels: many, annotations });
  let errors: unknown[] = [];
  const longest = longestSort(() => { errors = checkPodUpdate(old, next).filter((f) => f.severity === 'error'); });
  assert.deepEqual(errors, []);
  assert.ok(longest < 1000, `longest sort was ${longest} items (the label count is ${N})`);
});

const EXPECTED = [
  "Invalid value: \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\": must be no more than 63 characters",
  "Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
  "Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  "Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  "Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
];

test('label findings still come in key order (UTF-16), key message before value message', () => {
  const labels = { zeta: 'bad value!', 'a/b/c': 'ok', Alpha: 'x'.repeat(64), mid: 'fine', 'bad key': 'bad value' };
  const got = validateLabels(labels, 'metadata.labels').map((f) => f.message);
  // Recorded from the sorted-walk implementation this replaced (commit e06770f).
  assert.deepEqual(got, EXPECTED);
});
