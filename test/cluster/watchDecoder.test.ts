import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WatchDecoder, WatchDecodeError } from '../../src/core/cluster/watchDecoder';
import { PodChangeAccumulator } from '../../src/core/cluster/podChangeBatch';

test('events split at every possible byte, including inside a multi-byte character, decode the same', () => {
  const events = [
    { type: 'ADDED', object: { metadata: { name: 'p-é', resourceVersion: '1' } } },
    { type: 'BOOKMARK', object: { metadata: { resourceVersion: '2' } } },
    { type: 'MODIFIED', object: { metadata: { name: '漢字', resourceVersion: '3' } } },
  ];
  const bytes = Buffer.from(events.map((e) => JSON.stringify(e) + '\n').join(''));
  for (let cut = 1; cut < bytes.length; cut++) {
    const d = new WatchDecoder();
    const out = [...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut)), ...d.end()];
    assert.deepEqual(out, events, `cut at ${cut}`);
  }
  const byteByByte = new WatchDecoder();
  const out = [];
  for (const b of bytes) out.push(...byteByByte.push(Uint8Array.of(b)));
  assert.deepEqual(out, events);
});

test('a last event without newline counts; half an event or garbage is an error', () => {
  const d = new WatchDecoder();
  assert.deepEqual(d.push(Buffer.from('{"type":"DELETED","object":{"a":1}}')), []);
  assert.deepEqual(d.end(), [{ type: 'DELETED', object: { a: 1 } }]);
  const half = new WatchDecoder();
  half.push(Buffer.from('{"type":"ADDED","obj'));
  assert.throws(() => half.end(), WatchDecodeError);
  assert.throws(() => new WatchDecoder().push(Buffer.from('<html>\n')), /unable to decode an event from the watch stream/);
  assert.throws(() => new WatchDecoder().push(Buffer.from('{"kind":"Status"}\n')), /not a WatchEvent/);
});

test('changes to one pod within a batch fold into the one change subscribers need', () => {
  const acc = new PodChangeAccumulator();
  const pod = (name: string, rv: string) => ({ metadata: { name, resourceVersion: rv } });
  acc.record('a', 'added', pod('a', '1'));
  acc.record('a', 'modified', pod('a', '2'));
  acc.record('b', 'added', pod('b', '1'));
  acc.record('b', 'deleted', pod('b', '1'));
  acc.record('c', 'modified', pod('c', '5'));
  acc.record('c', 'deleted', pod('c', '5'));
  acc.record('d', 'deleted', pod('d', '1'));
  acc.record('d', 'added', pod('d', '9'));
  assert.deepEqual(acc.take(), { added: [pod('a', '2')], modified: [pod('d', '9')], deleted: [pod('c', '5')] });
  assert.equal(acc.size, 0);
});
