// Which rule profile a cluster needs when the user says `auto`: Huawei Cloud CCI (the seed's
// service) is recognised by its endpoint host (cci.<region>...), a context named after it, or
// pods that still carry metadata.selfLink (CCI returns it; Kubernetes dropped it in 1.20).
import type { Pod } from '../pod';
import type { Profile } from '../rules/profile';
import type { ResolvedContext } from './kubeconfigTypes';

export function detectProfile(ctx: ResolvedContext, livePod?: Pod): Profile {
  let host = '';
  try { host = new URL(ctx.cluster.server).hostname; } catch { /* not a URL */ }
  if (/(^|\.)cci\./i.test(host)) return 'cci';
  if (/(^|[^a-z])cci([^a-z]|$)/i.test(ctx.name)) return 'cci';
  if (typeof livePod?.metadata?.selfLink === 'string' && livePod.metadata.selfLink) return 'cci';
  return 'kubernetes';
}
