// The one table of pod patch types: the name the settings and CLI use, and the Content-Type the
// API server expects for it. The client, the sandbox and the edit pipeline all read it from here.
export type PodPatchType = 'merge' | 'strategic' | 'json';

export const podPatchContentTypes: Readonly<Record<PodPatchType, string>> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};

export function isPodPatchType(v: unknown): v is PodPatchType {
  return v === 'merge' || v === 'strategic' || v === 'json';
}
