// Ordering resourceVersions. They are opaque to clients, but every server podpatch talks to
// (etcd-backed, and the sandbox) issues increasing integers; comparing them keeps a late-arriving
// older watch event from passing for news.

/** Whether `rv` is a later version than `than` (any difference counts when either is not an integer). */
export function isNewer(rv: string, than: string): boolean {
  if (rv === than) return false;
  if (/^\d+$/.test(rv) && /^\d+$/.test(than)) return BigInt(rv) > BigInt(than);
  return true;
}
