// The one warning a pod's tooltip shows. The kubelet reports a failure twice: `Failed` with the
// cause ("Failed to pull image "x": ... not found") and then `Failed` with only the reason
// ("Error: ErrImagePull", "Error: ImagePullBackOff"; pkg/kubelet/images/image_manager.go and
// kuberuntime_container.go). The latest warning is often the bare one; the cause is what a user
// needs, so a bare "Error: <Reason>" gives way to the latest warning with a cause for the same container.
import { byLastSeen, type CoreEvent } from '../cluster/podEvents';
import { eventRow } from './podDescription';

const bareReason = /^Error: [A-Za-z]+$/;

export function tellingWarning(events: CoreEvent[]): CoreEvent | undefined {
  const warnings = events.filter((e) => e.type === 'Warning').sort(byLastSeen);
  const latest = warnings.at(-1);
  if (!latest || !bareReason.test((latest.message ?? '').trim())) return latest;
  const path = latest.involvedObject?.fieldPath;
  const withCause = warnings.filter((e) => e.involvedObject?.fieldPath === path && !bareReason.test((e.message ?? '').trim())).at(-1);
  return withCause ?? latest;
}

/** `Failed (2m ago, 4 times): Failed to pull image "redis:latest": ...`, the message cut at `max` characters. */
export function warningLine(e: CoreEvent, now: number, max = 300): { reason: string; when: string; message: string } {
  const [, reason, age] = eventRow(e, now, true);
  const message = (e.message ?? '').trim().replace(/\s+/g, ' ');
  const counted = /^(\S+) \(x(\d+) over .*\)$/.exec(age);
  return {
    reason: reason || 'Warning',
    when: counted ? `${counted[1]} ago, ${counted[2]} times` : `${age} ago`,
    message: message.length > max ? message.slice(0, max - 1) + '…' : message,
  };
}
