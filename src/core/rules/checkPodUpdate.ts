// Placeholder signature (replaced by the rule engine in the next commit).
import type { Pod } from '../pod';
import type { Finding } from './finding';
import type { Profile } from './profile';

export function checkPodUpdate(oldPod: Pod, newPod: Pod, profile: Profile = 'kubernetes'): Finding[] {
  void oldPod; void newPod; void profile;
  return [];
}
