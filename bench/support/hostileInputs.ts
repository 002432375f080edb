// The hostile inputs of the reliability bench (bench/reliability.ts), as plain data: request
// headers for the auth matrix, bodies, patch bombs and path tricks. Each entry is one input tried.

export type HostileRequest = { what: string; method: string; path: string; headers?: Record<string, string>; body?: string | Buffer };

const POD = '/api/v1/namespaces/namespace-test/pods/pod-test';
const MERGE = { 'content-type': 'application/merge-patch+json' };
const SMP = { 'content-type': 'application/strategic-merge-patch+json' };
const JSONP = { 'content-type': 'application/json-patch+json' };

/** Authorization headers that must all be refused (401) when the server requires `token`. */
export function wrongAuthorizations(token: string): Record<string, string>[] {
  return [
    {},
    { authorization: '' },
    { authorization: 'Bearer' },
    { authorization: 'Bearer ' },
    { authorization: `Bearer ${token}x` },
    { authorization: `Bearer ${token.slice(0, -1)}` },
    { authorization: `bearer ${token}` },
    { authorization: `Bearer  ${token}` },
    { authorization: `Basic ${Buffer.from(`admin:${token}`).toString('base64')}` },
    { authorization: `Basic ${Buffer.from(token).toString('base64')}` },
    { authorization: `Bearer ${token},Bearer ${token}` },
    { authorization: `Bearer ${token.toUpperCase()}` },
    { authorization: `Token ${token}` },
    { authorization: `Bearer ${'A'.repeat(60_000)}` },
    { 'x-remote-user': 'admin', 'impersonate-user': 'system:admin' },
  ];
}

export const AUTH_TARGETS: { method: string; path: string; headers?: Record<string, string>; body?: string }[] = [
  { method: 'GET', path: '/api/v1/pods' },
  { method: 'GET', path: POD },
  { method: 'GET', path: '/api/v1/pods?watch=1&timeoutSeconds=1' },
  { method: 'GET', path: '/version' },
  { method: 'GET', path: '/_podpatch/requests' },
  { method: 'POST', path: '/_podpatch/reset', body: '{}' },
  { method: 'PATCH', path: POD, headers: MERGE, body: '{"metadata":{"labels":{"auth":"bypassed"}}}' },
  { method: 'DELETE', path: POD },
  { method: 'POST', path: '/api/v1/namespaces/namespace-test/pods', headers: { 'content-type': 'application/json' }, body: '{"metadata":{"name":"intruder"},"spec":{"containers":[{"name":"c","image":"i"}]}}' },
];

function nested(depth: number): string {
  return '{"metadata":{"labels":{"a":"b"}},"x":' + '['.repeat(depth) + ']'.repeat(depth) + '}';
}

/** Bodies for PATCH/POST/PUT: malformed, huge, deep, odd encodings. Every answer must be < 500. */
export function hostileBodies(): HostileRequest[] {
  const bodies: [string, string | Buffer][] = [
    ['empty', ''],
    ['null', 'null'],
    ['array', '[]'],
    ['number', '1e400'],
    ['string', '"x"'],
    ['truncated', '{"metadata":'],
    ['binary', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ['invalid utf-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ['lone surrogate', '{"metadata":{"labels":{"a":"\\ud800"}}}'],
    ['nul in key', '{"metadata":{"labels":{"a\\u0000b":"c"}}}'],
    ['deep 100k', nested(100_000)],
    ['deep 5k', nested(5_000)],
    ['deep 999', nested(999)],
    ['2.9 MB string', JSON.stringify({ metadata: { annotations: { a: 'z'.repeat(2_900_000) } } })],
    ['4 MiB', JSON.stringify({ metadata: { annotations: { a: 'z'.repeat(4 * 1024 * 1024) } } })],
    ['100k labels', JSON.stringify({ metadata: { labels: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 'v'])) } })],
    ['rename', '{"metadata":{"name":"other","namespace":"elsewhere"}}'],
    ['proto pollution', '{"__proto__":{"polluted":true},"metadata":{"labels":{"constructor":"x"}}}'],
    ['wrong types', '{"metadata":{"labels":[1,2]},"spec":{"containers":"nope"}}'],
    ['huge numbers', '{"spec":{"activeDeadlineSeconds":1e308,"terminationGracePeriodSeconds":-99999999999999999999}}'],
  ];
  const out: HostileRequest[] = [];
  for (const [what, body] of bodies) {
    out.push({ what: `PATCH merge ${what}`, method: 'PATCH', path: POD, headers: MERGE, body });
    out.push({ what: `PATCH strategic ${what}`, method: 'PATCH', path: POD, headers: SMP, body });
    out.push({ what: `PATCH json ${what}`, method: 'PATCH', path: POD, headers: JSONP, body });
    out.push({ what: `POST ${what}`, method: 'POST', path: '/api/v1/namespaces/namespace-test/pods', headers: { 'content-type': 'application/json' }, body });
    out.push({ what: `PUT ${what}`, method: 'PUT', path: POD, headers: { 'content-type': 'application/json' }, body });
    out.push({ what: `DELETE ${what}`, method: 'DELETE', path: '/api/v1/namespaces/namespace-test/pods/does-not-exist', headers: { 'content-type': 'application/json' }, body });
  }
  return out;
}

/** Patches whose cost grows much faster than their size, unless bounded. */
export function patchBombs(): HostileRequest[] {
  const copies = (n: number, from: string) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ op: 'copy', from, path: `${from}/c${i}` })));
  const list = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  return [
    { what: 'json copy bomb 27', method: 'PATCH', path: POD, headers: JSONP, body: copies(27, '/metadata/labels') },
    { what: 'json copy bomb 40 (spec)', method: 'PATCH', path: POD, headers: JSONP, body: copies(40, '/spec') },
    { what: 'json 10,001 ops', method: 'PATCH', path: POD, headers: JSONP, body: JSON.stringify(Array.from({ length: 10_001 }, () => ({ op: 'test', path: '/kind', value: 'Pod' }))) },
    { what: 'json 10,000 adds', method: 'PATCH', path: POD, headers: JSONP, body: JSON.stringify(Array.from({ length: 10_000 }, (_, i) => ({ op: 'add', path: `/metadata/labels/l${i}`, value: 'v' }))) },
    { what: 'json move chain', method: 'PATCH', path: POD, headers: JSONP, body: JSON.stringify(Array.from({ length: 5_000 }, (_, i) => ({ op: 'move', from: i % 2 ? '/metadata/annotations' : '/metadata/x', path: i % 2 ? '/metadata/x' : '/metadata/annotations' }))) },
    { what: 'json test huge value', method: 'PATCH', path: POD, headers: JSONP, body: JSON.stringify([{ op: 'test', path: '/metadata', value: { a: 'q'.repeat(2_000_000) } }]) },
    { what: 'strategic finalizers 16k', method: 'PATCH', path: POD, headers: SMP, body: JSON.stringify({ metadata: { finalizers: list(16_000, 'example.com/f') } }) },
    { what: 'strategic $setElementOrder 16k', method: 'PATCH', path: POD, headers: SMP, body: JSON.stringify({ spec: { '$setElementOrder/containers': list(16_000, 'c').map((name) => ({ name })) } }) },
    { what: 'strategic $deleteFromPrimitiveList 16k', method: 'PATCH', path: POD, headers: SMP, body: JSON.stringify({ metadata: { '$deleteFromPrimitiveList/finalizers': list(16_000, 'f') } }) },
    { what: 'strategic $retainKeys 16k', method: 'PATCH', path: POD, headers: SMP, body: JSON.stringify({ spec: { $retainKeys: list(16_000, 'k') } }) },
    { what: 'merge 50k nulls', method: 'PATCH', path: POD, headers: MERGE, body: JSON.stringify({ metadata: { labels: Object.fromEntries(list(50_000, 'n').map((k) => [k, null])) } }) },
  ];
}

/** Paths and queries that must be 400/404 (or the ordinary answer), never a 500 or another object. */
export function pathTricks(): HostileRequest[] {
  const paths = [
    '/api/v1/namespaces//pods', '/api/v1/namespaces//pods/namespace-test%2Fpod-test', '/api/v1/namespaces/namespace-test/pods/namespace-test%2Fpod-test',
    '/api/v1/namespaces/namespace-test/pods/%2e%2e', '/api/v1/namespaces/namespace-test/pods/pod-test/../../../pods', '/api/v1/namespaces/%zz/pods',
    '/api/v1/namespaces/namespace-test/pods/%E0%A4%A', '/api/v1/namespaces/namespace-test/pods/%', '/api/v1/namespaces/namespace-test/pods/pod-test%00',
    '/api/v1/namespaces/namespace-test/pods/' + 'x'.repeat(8_000), '/api/v1/namespaces/namespace-test/pods/pod-test/status/extra', '/api//v1/pods',
    '/%61pi/v1/pods', '/api/v1/namespaces/namespace-test/pods/pod-test?watch=1&timeoutSeconds=1e12', '/api/v1/pods?watch=1&timeoutSeconds=-5&resourceVersion=abc',
    '/api/v1/pods?limit=-1', '/api/v1/pods?limit=1e99', '/api/v1/pods?continue=%%%', '/api/v1/pods?continue=' + 'A'.repeat(5_000),
    '/api/v1/pods?labelSelector=' + encodeURIComponent('a in (' + Array.from({ length: 5_000 }, (_, i) => `v${i}`).join(',') + ')'),
    '/api/v1/pods?fieldSelector=' + encodeURIComponent('metadata.name=' + 'x'.repeat(50_000)), '/api/v1/pods?labelSelector=' + encodeURIComponent('!!!,===,(((,'),
    '/api/v1/pods?' + Array.from({ length: 2_000 }, (_, i) => `p${i}=1`).join('&'), '/api/v1/pods?resourceVersion=99999999999999999999&watch=1&timeoutSeconds=1',
    '/_podpatch/pods/%zz/%zz/touch', '/openapi/v3/../../etc/passwd', '/api/v1/namespaces/namespace-test/pods/pod-test?pretty=%ff',
  ];
  const out: HostileRequest[] = [];
  for (const p of paths) {
    out.push({ what: `GET ${p.slice(0, 60)}`, method: 'GET', path: p });
    if (p.startsWith(`${POD}?`)) continue; // a write there addresses pod-test for real
    out.push({ what: `DELETE ${p.slice(0, 60)}`, method: 'DELETE', path: p });
    out.push({ what: `PATCH ${p.slice(0, 60)}`, method: 'PATCH', path: p, headers: MERGE, body: '{"metadata":{"labels":{"trick":"1"}}}' });
  }
  return out;
}
