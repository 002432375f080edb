// The column layout of `kubectl get pods` and `kubectl get pods -w`: kubectl's tabwriter (minwidth
// 6, padding 3, RememberWidths: github.com/liggitt/tabwriter, as set up by
// k8s.io/cli-runtime/pkg/printers/tabwriter.go) keeps each column as wide as the widest cell of any
// earlier flush, so watch rows line up with the header printed once at the start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TableLayout, formatPodTable, type PodRow } from '../../src/core/cluster/podTable';

const cells = (text: string): string[][] => text.split('\n').filter(Boolean).map((l) => l.split('\t'));

// TestMultiWrite of liggitt/tabwriter at 6cc86aeb47d122c3c2862b32b8f5b017bbd80127 (tabwriter_test.go),
// which uses kubectl's settings: each step is one Write + Flush and the lines it adds.
test('TableLayout matches tabwriter TestMultiWrite (kubectl settings, widths remembered across flushes)', () => {
  const layout = new TableLayout();
  const steps: [string, string[]][] = [
    ['First\tMiddle\tLast\na\tbb\tccc\nddd\teeeeeeeeeeeeee\tf\n', [
      'First   Middle           Last',
      'a       bb               ccc',
      'ddd     eeeeeeeeeeeeee   f',
    ]],
    ['g\th\ti\n', ['g       h                i']],
    ['j\t\t\n', ['j                        ']],
    ['\tk\t\n', ['        k                ']],
    ['\t\tl\n', ['                         l']],
    ['mmmmmmmmmmmmmmm\tnnn\tooo\n', ['mmmmmmmmmmmmmmm   nnn              ooo']],
  ];
  for (const [input, expected] of steps) assert.deepEqual(layout.format(cells(input)), expected, JSON.stringify(input));
});

test('TableLayout: a column is at least 6 wide (minwidth), padding 3, the last cell never padded', () => {
  // Column 1: 'abcd' + 3 = 7 beats the minimum; column 2: 'bb' + 3 = 5 is raised to 6.
  assert.deepEqual(new TableLayout().format([['a', 'b', 'c'], ['abcd', 'bb', 'c']]), ['a      b     c', 'abcd   bb    c']);
});

const row = (name: string, status: string, restarts = '0', age = '5m'): PodRow => ({ namespace: 'default', name, ready: '0/1', status, restarts, age });

test('pods --watch: a later row lines up with the header and earlier rows, and a wider one widens only later rows', () => {
  const layout = new TableLayout();
  const first = formatPodTable([row('web', 'Running')], false, layout);
  assert.deepEqual(first, ['NAME   READY   STATUS    RESTARTS   AGE', 'web    0/1     Running   0          5m']);
  const second = formatPodTable([row('web', 'Error', '1 (2s ago)')], false, layout, false);
  assert.deepEqual(second, ['web    0/1     Error     1 (2s ago)   5m']);
  const starts = (line: string) => [...line.matchAll(/(?<=^|\s)\S/g)].map((m) => m.index);
  assert.deepEqual(starts(second[0]).slice(0, 4), starts(first[0]).slice(0, 4), 'NAME, READY, STATUS and RESTARTS start where the header says');
  const third = formatPodTable([row('web', 'Running')], false, layout, false);
  assert.deepEqual(third, ['web    0/1     Running   0            5m'], 'RESTARTS stays as wide as the widest seen');
});
