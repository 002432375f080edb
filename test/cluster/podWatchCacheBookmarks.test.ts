// Bookmarks and resume points of the watch cache, with a scripted server: each watch request
// gets exactly the stream the test wrote for it, so the resourceVersions asked for are exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { createPodClient } from '../../src/core/cluster/podClient';
import { PodWatchCache } from '../../src/core/cluster/podWatchCache';
import { contextFor, sendJson, startFakeApiServer } from './support/fakeApiServer';

const pod = (name: string, rv: string) => ({ kind: 'Pod', metadata: { name, namespace: 'ns', resourceVersion: rv } });

test('bookmarks move the resume point; a 410 ERROR event relists; a stream ended by the server is resumed', async (t) => {
  const watches: string[] = [];
  let lists = 0;
  const streams: ((res: ServerResponse) => void)[] = [
    (res) => { // a bookmark, then the server ends the stream (its timeout)
      res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: '50' } } })}\n`);
      res.end();
    },
    (res) => { // an event split across two writes, then the stream ends
      const line = JSON.stringify({ type: 'MODIFIED', object: pod('a', '60') }) + '\n';
      res.write(line.slice(0, 17));
      setImmediate(() => { res.write(line.slice(17)); res.end(); });
    },
    (res) => { // history compacted: 410 Gone as an ERROR event
      res.end(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version' } })}\n`);
    },
    (res) => { res.write(`${JSON.stringify({ type: 'ADDED', object: pod('c', '80') })}\n`); }, // stays open
  ];
  const server = await startFakeApiServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.searchParams.get('watch') !== 'true') {
      lists++;
      const items = lists === 1 ? [pod('a', '5'), pod('b', '6')] : [pod('a', '60')];
      return sendJson(res, 200, { kind: 'PodList', metadata: { resourceVersion: lists === 1 ? '10' : '70' }, items });
    }
    watches.push(url.searchParams.get('resourceVersion') ?? '');
    assert.equal(url.searchParams.get('allowWatchBookmarks'), 'true');
    res.writeHead(200, { 'content-type': 'application/json' });
    const script = streams.shift();
    if (script) script(res);
  });
  t.after(() => server.close());
  const client = createPodClient(contextFor(server.url));
  t.after(() => client.dispose());
  const cache = new PodWatchCache(client, { batchMs: 1, backoff: { baseMs: 1, maxMs: 2 } });
  t.after(() => cache.dispose());
  const sawC = new Promise<void>((resolve) => { cache.onDidChange((b) => { if (b.added.some((p) => p.metadata?.name === 'c')) resolve(); }); });
  await cache.start();
  assert.equal(cache.size, 2);
  await sawC;
  // Watch 1 from the list; 2 from the bookmark; 3 from the event; 4 from the relist.
  assert.deepEqual(watches, ['10', '50', '60', '70']);
  assert.equal(lists, 2);
  assert.equal(cache.stats.relists, 1);
  assert.equal(cache.stats.bookmarks, 1);
  assert.deepEqual(cache.pods('ns').map((p) => p.metadata?.name).sort(), ['a', 'c'], 'b vanished in the relist');
  assert.equal(cache.resourceVersion, '80');
});
