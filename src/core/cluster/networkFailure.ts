// Turns low-level connection errors (TLS, DNS, refused) into a sentence that says what to check.
import type { ResolvedContext } from './kubeconfigTypes';

const untrusted = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_SIGNATURE_FAILURE',
]);

function codeOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: string }).code;
    if (code && code !== 'UND_ERR_CONNECT' && code !== 'UND_ERR_SOCKET') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return (err as { code?: string })?.code;
}

export function describeNetworkFailure(err: unknown, ctx: ResolvedContext): string {
  const code = codeOf(err);
  const cluster = `cluster "${ctx.cluster.name}"`;
  const message = (err as Error)?.message ?? String(err);
  if (code && untrusted.has(code)) {
    return `TLS: the server's certificate is not trusted (${code}); check certificate-authority(-data) of ${cluster}`;
  }
  if (code === 'CERT_HAS_EXPIRED') return `TLS: the server's certificate has expired (${cluster})`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `TLS: ${message}; set tls-server-name of ${cluster} to a name the certificate covers`;
  if (code === 'ECONNREFUSED') return `connection refused by ${ctx.cluster.server}: is the cluster running and reachable?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve the host of ${ctx.cluster.server} (${code})`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return `could not connect to ${ctx.cluster.server} in time`;
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return 'the server did not answer in time';
  if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(message)) {
    return `TLS handshake failed with ${ctx.cluster.server} (is the scheme http vs https right?): ${message}`;
  }
  return code ? `${message} (${code})` : message;
}
