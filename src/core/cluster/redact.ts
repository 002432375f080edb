// The one redaction of podpatch: every line or message that may hold a URL, a header or a
// server's answer goes through redactText before it is printed or logged, so a password in a
// URL's userinfo, an Authorization value, a token or a body echoing them never reaches output.

const secretHeaders = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (secretHeaders.has(name.toLowerCase())) {
      const scheme = /^(\w+)\s/.exec(text)?.[1];
      out[name] = scheme ? `${scheme} <redacted>` : '<redacted>';
    } else {
      out[name] = text;
    }
  }
  return out;
}

/** Credential shapes recognizable without knowing the secret itself. */
const secretPatterns: [RegExp, string][] = [
  // `Authorization: Basic xxx`, `proxy-authorization=Bearer xxx` (header dumps, echoed requests)
  [/((?:proxy-)?authorization"?\s*[:=]\s*"?)(bearer|basic|negotiate|digest)?\s*[^\s",}]+/gi, '$1$2 <redacted>'],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 <redacted>'],
  [/("?(?:token|password|passwd|secret|client-key-data|client-certificate-data|id-token|refresh-token)"?\s*[:=]\s*)"?[^\s",}]+"?/gi, '$1<redacted>'],
  // userinfo of a URL: scheme://user:password@host
  [/(\/\/[^:/@\s]*:)[^@/\s]+@/g, '$1<redacted>@'],
];

/**
 * Removes credentials from text: each known secret (ignoring very short ones, which would mangle
 * text), Authorization values, Bearer/Basic credentials, token/password fields, URL passwords.
 */
export function redactText(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 6) out = out.split(s).join('<redacted>');
  }
  for (const [pattern, replacement] of secretPatterns) out = out.replace(pattern, replacement);
  return out;
}

/** redactText over every string of a parsed answer (a Status); levels past `maxDepth` are dropped. */
export function redactJson<T>(value: T, secrets: Iterable<string | undefined> = [], maxDepth = 32): T {
  const list = [...secrets];
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactText(v, list);
    if (v === null || typeof v !== 'object') return v;
    if (depth >= maxDepth) return undefined;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
  };
  return walk(value, 0) as T;
}
