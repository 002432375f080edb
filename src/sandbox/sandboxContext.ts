// What every route handler of one sandbox shares: its stores, profile, release, simulator and open watches.
import type { Profile } from '../core/rules/profile';
import type { ServerRules, ServerSettings } from '../core/rules/serverReleases';
import type { ResourceStore } from './resourceStore';
import type { StatusSimulator } from './statusSimulator';
import type { WatchRegistry } from './watchStream';
import type { ResourceType } from './resourceRoutes';

export type SandboxContext = {
  pods: ResourceStore;
  namespaces: ResourceStore;
  profile: Profile;
  /** The Kubernetes release (and gates) the sandbox plays: /version, discovery and every rule follow it. */
  server: ServerSettings;
  rules: ServerRules;
  simulator: StatusSimulator;
  watches: WatchRegistry;
  bookmarkIntervalMs: number;
  /** Kinds served through resourceRoutes, by `<group/version or v1>/<resource>` (e.g. `apps/v1/deployments`). */
  resources: Map<string, ResourceType>;
  /** How often a running simulated container writes a log line. */
  logIntervalMs: number;
};
