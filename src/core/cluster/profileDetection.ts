// Which rule profile a cluster needs when the user says `auto`: Huawei Cloud CCI (the seed's
// service) is recognised by its endpoint host (cci.<region>.myhuaweicloud.com) or a context named
// after it, the same test the extension uses; anything else gets upstream Kubernetes' rules.
// (A pod's selfLink is no signal: the sandbox's seed pod carries one under either profile.)
import type { Profile } from '../rules/profile';
import type { ResolvedContext } from './kubeconfigTypes';

export function detectProfile(ctx: ResolvedContext): Profile {
  let host = '';
  try { host = new URL(ctx.cluster.server).hostname; } catch { /* not a URL */ }
  if (/(^|\.)cci\./i.test(host)) return 'cci';
  if (/(^|[^a-z])cci([^a-z]|$)/i.test(ctx.name)) return 'cci';
  return 'kubernetes';
}
