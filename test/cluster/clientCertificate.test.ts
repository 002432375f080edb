// Client certificates reach the server: from kubeconfig files, from *-data, and from an exec
// plugin; the server's CA comes from certificate-authority. A local HTTPS server checks what the
// client presented (the sandbox authenticates with tokens only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { loadKubeconfig } from '../../src/core/cluster/kubeconfig';
import { createPodClient } from '../../src/core/cluster/podClient';
import { createCertificateAuthority, createServerCertificate } from '../../src/sandbox/tls/certificates';
import { makeTempDir } from './support/tempFiles';

test('client certificates from files, data and an exec plugin are presented to the server', async (t) => {
  const ca = createCertificateAuthority();
  const serverCert = createServerCertificate(ca, []);
  const fileCert = createServerCertificate(ca, ['file-client']);
  const dataCert = createServerCertificate(ca, ['data-client']);
  const execCert = createServerCertificate(ca, ['exec-client']);
  const presented: string[] = [];
  const server = https.createServer({ cert: serverCert.certPem, key: serverCert.keyPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    presented.push(peer?.raw ? new X509Certificate(peer.raw).subjectAltName ?? '' : '(none)');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Pod', metadata: { name: 'p' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const tmp = makeTempDir();
  t.after(() => tmp.remove());
  tmp.write('pki/ca.crt', ca.certPem);
  tmp.write('pki/client.crt', fileCert.certPem);
  tmp.write('pki/client.key', fileCert.keyPem);
  const plugin = tmp.write('plugin', `#!${process.execPath}
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential',
  status: { clientCertificateData: ${JSON.stringify(execCert.certPem)}, clientKeyData: ${JSON.stringify(execCert.keyPem)} } }));
`, 0o755);
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const config = tmp.write('config', `apiVersion: v1
kind: Config
clusters:
- name: local
  cluster: { server: "${url}", certificate-authority: pki/ca.crt }
users:
- name: files
  user: { client-certificate: pki/client.crt, client-key: pki/client.key }
- name: data
  user: { client-certificate-data: ${b64(dataCert.certPem)}, client-key-data: ${b64(dataCert.keyPem)} }
- name: exec
  user: { exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: ./plugin } }
contexts:
- { name: files, context: { cluster: local, user: files } }
- { name: data, context: { cluster: local, user: data } }
- { name: exec, context: { cluster: local, user: exec } }
`);
  const kc = await loadKubeconfig({ path: config });
  for (const name of ['files', 'data', 'exec']) {
    const client = createPodClient(kc.resolveContext(name));
    t.after(() => client.dispose());
    assert.equal((await client.getPod('default', 'p')).metadata?.name, 'p');
  }
  assert.equal(presented.length, 3);
  assert.match(presented[0], /DNS:file-client/);
  assert.match(presented[1], /DNS:data-client/);
  assert.match(presented[2], /DNS:exec-client/);
});
