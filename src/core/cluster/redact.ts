// Keeps secrets out of log lines: header values that authenticate, and any known secret string
// (a token, a key) wherever it shows up in a message.

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

/** Replaces every occurrence of each secret (ignoring very short ones, which would mangle text). */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 6) out = out.split(s).join('<redacted>');
  }
  return out;
}
