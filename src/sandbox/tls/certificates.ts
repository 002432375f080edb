// A throw-away CA and a server certificate it signs, generated at start (ECDSA P-256, SHA-256):
// the CA goes into the kubeconfig as certificate-authority-data, the server presents the leaf with
// SANs for localhost, 127.0.0.1 and the listen host, which is what kubectl (Go's x509) verifies.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString, boolean, explicit, implicit, integer, integerFromBytes, octetString, oid, sequence, set, toPem, utcTime, utf8String,
} from './der';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

export type Certificate = { certPem: string; keyPem: string; key: KeyObject; spki: Buffer; keyId: Buffer; subject: Buffer };

function name(commonName: string): Buffer {
  return sequence(
    set(sequence(oid(OID.organization), utf8String('podpatch'))),
    set(sequence(oid(OID.commonName), utf8String(commonName))),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

/** keyUsage bits, DER BIT STRING with the unused-bit count of the last byte. */
function keyUsage(bits: number[]): Buffer {
  let v = 0;
  for (const b of bits) v |= 0x80 >> b;
  let unused = 0;
  while (unused < 7 && !(v & (1 << unused))) unused++;
  return Buffer.from([0x03, 0x02, unused, v]);
}

function sanEntries(hosts: string[]): Buffer {
  const entries = [...new Set(hosts)].map((h) => {
    const family = isIP(h);
    if (family === 4) return implicit(7, Buffer.from(h.split('.').map(Number)));
    if (family === 6) return implicit(7, ipv6Bytes(h));
    return implicit(2, Buffer.from(h, 'ascii'));
  });
  return sequence(...entries);
}

function ipv6Bytes(ip: string): Buffer {
  const [head, tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.from(groups.map((g) => g.padStart(4, '0')).join(''), 'hex');
}

function issue(opts: {
  subject: Buffer; issuer: Buffer; spki: Buffer; signer: KeyObject; days: number; extensions: Buffer[];
}): Buffer {
  const now = Date.now();
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const tbs = sequence(
    explicit(0, integer(2)),
    integerFromBytes(serial),
    algorithm,
    opts.issuer,
    sequence(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + opts.days * 86_400_000))),
    opts.subject,
    opts.spki,
    explicit(3, sequence(...opts.extensions)),
  );
  const signature = sign('sha256', tbs, opts.signer); // DER-encoded ECDSA signature
  return sequence(tbs, algorithm, bitString(signature));
}

function keyPair(): { key: KeyObject; spki: Buffer; keyPem: string; keyId: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  // RFC 5280 method 1 would hash only the key bits; any stable identifier is valid.
  return { key: privateKey, spki, keyPem, keyId: createHash('sha1').update(spki).digest() };
}

export function createCertificateAuthority(): Certificate {
  const { key, spki, keyPem, keyId } = keyPair();
  const subject = name('podpatch-sandbox-ca');
  const der = issue({
    subject, issuer: subject, spki, signer: key, days: 3650,
    extensions: [
      extension(OID.basicConstraints, true, sequence(boolean(true))),
      extension(OID.keyUsage, true, keyUsage([0, 5, 6])), // digitalSignature, keyCertSign, cRLSign
      extension(OID.subjectKeyId, false, octetString(keyId)),
    ],
  });
  return { certPem: toPem('CERTIFICATE', der), keyPem, key, spki, keyId, subject };
}

export function createServerCertificate(ca: Certificate, hosts: string[]): Certificate {
  const { key, spki, keyPem, keyId } = keyPair();
  const subject = name('podpatch-sandbox');
  const der = issue({
    subject, issuer: ca.subject, spki, signer: ca.key, days: 365,
    extensions: [
      extension(OID.basicConstraints, true, sequence()),
      extension(OID.keyUsage, true, keyUsage([0])), // digitalSignature (ECDHE-ECDSA)
      extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
      extension(OID.subjectKeyId, false, octetString(keyId)),
      extension(OID.authorityKeyId, false, sequence(implicit(0, ca.keyId))),
      extension(OID.subjectAltName, false, sanEntries(['localhost', '127.0.0.1', '::1', ...hosts])),
    ],
  });
  return { certPem: toPem('CERTIFICATE', der), keyPem, key, spki, keyId, subject };
}
