// What every route handler of one sandbox shares: its stores, profile, simulator and open watches.
import type { Profile } from '../core/rules/profile';
import type { ResourceStore } from './resourceStore';
import type { StatusSimulator } from './statusSimulator';
import type { WatchRegistry } from './watchStream';
import type { ResourceType } from './resourceRoutes';

export type SandboxContext = {
  pods: ResourceStore;
  namespaces: ResourceStore;
  profile: Profile;
  simulator: StatusSimulator;
  watches: WatchRegistry;
  bookmarkIntervalMs: number;
  /** Kinds served through resourceRoutes, by `<group/version or v1>/<resource>` (e.g. `apps/v1/deployments`). */
  resources: Map<string, ResourceType>;
  /** How often a running simulated container writes a log line. */
  logIntervalMs: number;
};
