// Settings that decide where podpatch connects, what it sends, or whether it asks before sending.
// An untrusted workspace must not choose them (with files.autoSave it could otherwise have edits
// patched to the user's cluster with no preview): they are `restrictedConfigurations` in
// package.json, and are read here so that only user-level values count until the workspace is
// trusted, whatever the host does with workspace values. No `vscode` import: testable as is.

/** Keys under `podpatch.`; package.json's restrictedConfigurations must list each. */
export const RESTRICTED_SETTINGS = ['kubeconfig', 'context', 'profile', 'patchType', 'confirmBeforePatch'] as const;
export type RestrictedSetting = (typeof RESTRICTED_SETTINGS)[number];

/** The part of vscode.WorkspaceConfiguration used here. */
export type SettingsReader = {
  get<T>(key: string, defaultValue: T): T;
  inspect<T>(key: string): { defaultValue?: T; globalValue?: T } | undefined;
};

/** The setting's value; in an untrusted workspace the user's own (or the default), never the workspace's. */
export function restrictedSetting<T>(config: SettingsReader, key: RestrictedSetting, fallback: T, trusted: boolean): T {
  if (trusted) return config.get<T>(key, fallback);
  const inspected = config.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}
