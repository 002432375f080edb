// Which Kubernetes release a cluster runs, for the version-aware rules: `GET /version` (gitVersion,
// and emulationMajor/emulationMinor from 1.33 on: feature gate defaults follow the emulated release)
// and discovery (`GET /api/v1` lists pods/resize where the server serves it). Asked once per
// context and cached; a release podpatch does not model gets the nearest modelled rules, said once.
import type { PodClient } from './podClient';
import { gateDefaults, modelledMinor, parseMinor, type ServerSettings } from '../rules/serverReleases';

export type DetectedServer = ServerSettings & {
  /** The server's own gitVersion, e.g. "v1.35.2-eks-1234". */
  gitVersion: string;
  /** "1.35": the modelled release whose rules apply. */
  serverVersion: string;
  /** Set when the server's release is not modelled: the sentence said once in the log. */
  fallback?: string;
};

type VersionInfo = { gitVersion?: string; major?: string; minor?: string; emulationMajor?: string; emulationMinor?: string };
type ResourceList = { resources?: { name?: string }[] };

export async function detectServer(client: PodClient, signal?: AbortSignal): Promise<DetectedServer> {
  const [version, v1] = await Promise.all([
    client.getVersion({ signal }) as Promise<VersionInfo>,
    client.transport.requestJson<ResourceList>({ method: 'GET', path: '/api/v1', signal }),
  ]);
  const gitVersion = String(version.gitVersion ?? '');
  const binaryMinor = parseMinor(gitVersion) ?? (version.major === '1' ? parseInt(String(version.minor ?? ''), 10) : undefined);
  const { minor, fellBack } = modelledMinor(Number.isFinite(binaryMinor) ? binaryMinor : undefined);
  const emulation = version.emulationMajor === '1' ? Number(version.emulationMinor) : undefined;
  const detected: DetectedServer = {
    gitVersion,
    serverVersion: `1.${minor}`,
    resizeServed: (v1.resources ?? []).some((r) => r.name === 'pods/resize'),
  };
  // An emulated older release keeps that release's gate defaults (the binary's own validation stays).
  if (emulation !== undefined && Number.isFinite(emulation) && emulation !== binaryMinor) detected.featureGates = { ...gateDefaults(modelledMinor(emulation).minor) };
  if (fellBack) {
    const what = gitVersion || `${version.major}.${version.minor}`;
    detected.fallback = `server ${what} is not a release podpatch models (1.29 ... 1.37); using the rules of 1.${minor}`;
  }
  return detected;
}

/** One detection per context (key: context name + server URL); a failed one is asked again next time. */
export class ServerDetectionCache {
  private readonly entries = new Map<string, Promise<DetectedServer>>();

  constructor(private readonly log: (line: string) => void = () => {}) {}

  get(key: string, client: PodClient, signal?: AbortSignal): Promise<DetectedServer> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = detectServer(client, signal).then((d) => {
        if (d.fallback) this.log(`podpatch: ${d.fallback}`);
        return d;
      });
      entry.catch(() => this.entries.delete(key));
      this.entries.set(key, entry);
    }
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}
