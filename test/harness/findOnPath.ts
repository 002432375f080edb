// Looks an executable up on the PATH without spawning `which` (not on every machine).
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The Chromium that Playwright drives: Debian's `chromium` (Playwright's own browser builds
 * cannot be downloaded here). PODPATCH_CHROMIUM overrides; undefined when there is none.
 */
export function findChromium(): string | undefined {
  const override = process.env.PODPATCH_CHROMIUM;
  if (override) return override;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome']) {
    const found = findOnPath(name);
    if (found) return found;
  }
  return undefined;
}
