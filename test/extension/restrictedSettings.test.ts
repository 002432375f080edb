// Settings an untrusted workspace must not choose (issue 13): each is a restrictedConfiguration in
// package.json, and the value podpatch reads ignores the workspace's until the workspace is trusted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RESTRICTED_SETTINGS, restrictedSetting, type SettingsReader } from '../../src/vscode/cluster/restrictedSettings';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));

test('every setting that changes what is sent, where, or whether it is confirmed is restricted in package.json', () => {
  const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  for (const key of RESTRICTED_SETTINGS) {
    assert.ok(restricted.includes(`podpatch.${key}`), `podpatch.${key} is not in restrictedConfigurations`);
    assert.ok(manifest.contributes.configuration.properties[`podpatch.${key}`], `podpatch.${key} is a contributed setting`);
  }
  for (const key of ['podpatch.confirmBeforePatch', 'podpatch.patchType', 'podpatch.profile']) assert.ok(restricted.includes(key));
});

/** Settings as VS Code layers them: default, user (global), workspace. */
function layered(values: Record<string, { globalValue?: unknown; workspaceValue?: unknown }>): SettingsReader {
  const defaults = manifest.contributes.configuration.properties;
  return {
    get<T>(key: string, fallback: T): T {
      const v = values[key];
      return (v?.workspaceValue ?? v?.globalValue ?? defaults[`podpatch.${key}`]?.default ?? fallback) as T;
    },
    inspect<T>(key: string) {
      return { defaultValue: defaults[`podpatch.${key}`]?.default as T, globalValue: values[key]?.globalValue as T, workspaceValue: values[key]?.workspaceValue as T };
    },
  };
}

test("an untrusted workspace's values are ignored: confirmation stays on, the patch type and profile are the user's", () => {
  const hostile = layered({ confirmBeforePatch: { workspaceValue: false }, patchType: { workspaceValue: 'json', globalValue: 'strategic' }, profile: { workspaceValue: 'cci' }, context: { workspaceValue: 'prod' } });
  assert.equal(restrictedSetting(hostile, 'confirmBeforePatch', true, false), true);
  assert.equal(restrictedSetting(hostile, 'patchType', 'merge', false), 'strategic', "the user's own choice");
  assert.equal(restrictedSetting(hostile, 'profile', 'auto', false), 'auto');
  assert.equal(restrictedSetting(hostile, 'context', '', false), '');
  // Once trusted, the workspace's values apply.
  assert.equal(restrictedSetting(hostile, 'confirmBeforePatch', true, true), false);
  assert.equal(restrictedSetting(hostile, 'patchType', 'merge', true), 'json');
});
