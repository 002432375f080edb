// What every route handler of one sandbox shares: its stores, profile, simulator and open watches.
import type { Profile } from '../core/rules/profile';
import type { ResourceStore } from './resourceStore';
import type { StatusSimulator } from './statusSimulator';
import type { WatchRegistry } from './watchStream';

export type SandboxContext = {
  pods: ResourceStore;
  namespaces: ResourceStore;
  profile: Profile;
  simulator: StatusSimulator;
  watches: WatchRegistry;
  bookmarkIntervalMs: number;
};
