// What a simulated container wrote to stdout: derived from the container instance's life as the
// pod status records it (image, startedAt, finishedAt), so the sandbox keeps no log text at all
// (100,000 pods cost nothing) and every read of the same instance gives the same lines. An
// instance writes start-up lines, then a health line every `intervalMs` while it runs, then
// shutdown lines when it is stopped (a restart after an image change, a pod deletion).

export type ContainerInstance = {
  container: string;
  image: string;
  startedAt: number;
  /** Undefined while the instance runs. */
  finishedAt?: number;
};

export type LogLine = { at: number; text: string };

/** The kubelet keeps about 10 MiB per container; the sandbox keeps the last this many health lines. */
const MAX_HEALTH_LINES = 1000;

function redisDate(ms: number): string {
  // Redis' own log clock: "04 Sep 2018 11:04:23.000".
  const d = new Date(ms);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${String(d.getUTCDate()).padStart(2, '0')} ${month} ${d.getUTCFullYear()} ${d.toISOString().slice(11, 23)}`;
}

function family(image: string): 'redis' | 'nginx' | 'app' {
  const repo = image.split('@')[0].split(':')[0];
  const last = repo.slice(repo.lastIndexOf('/') + 1);
  return last === 'redis' ? 'redis' : last === 'nginx' ? 'nginx' : 'app';
}

function startupLines(i: ContainerInstance): string[] {
  const at = i.startedAt;
  switch (family(i.image)) {
    case 'redis':
      return [
        `1:C ${redisDate(at)} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
        `1:C ${redisDate(at)} # Configuration loaded`,
        `1:M ${redisDate(at)} * Running mode=standalone, port=6379.`,
        `1:M ${redisDate(at)} * Server initialized`,
        `1:M ${redisDate(at)} * Ready to accept connections tcp`,
      ];
    case 'nginx':
      return [
        '/docker-entrypoint.sh: Configuration complete; ready for start up',
        `${new Date(at).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/')} [notice] 1#1: nginx started`,
        `${new Date(at).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/')} [notice] 1#1: start worker processes`,
      ];
    default:
      return [
        `level=info msg="starting ${i.container}" image=${i.image}`,
        `level=info msg="configuration loaded" source=/etc/${i.container}/config.yaml`,
        `level=info msg="listening" address=0.0.0.0:8080`,
        `level=info msg="ready"`,
      ];
  }
}

function healthLine(i: ContainerInstance, at: number, n: number): string {
  switch (family(i.image)) {
    case 'redis': return `1:M ${redisDate(at)} * ${n} clients connected, ${n * 3} keys in db0`;
    case 'nginx': return `10.244.0.1 - - [${new Date(at).toISOString()}] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.32"`;
    default: return `level=info msg="GET /healthz" status=200 uptime=${Math.round((at - i.startedAt) / 1000)}s`;
  }
}

function shutdownLines(i: ContainerInstance, at: number): string[] {
  switch (family(i.image)) {
    case 'redis':
      return [
        `1:signal-handler (${Math.floor(at / 1000)}) Received SIGTERM scheduling shutdown...`,
        `1:M ${redisDate(at)} # User requested shutdown...`,
        `1:M ${redisDate(at)} # Redis is now ready to exit, bye bye...`,
      ];
    case 'nginx':
      return [`${new Date(at).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/')} [notice] 1#1: signal 15 (SIGTERM) received, exiting`];
    default:
      return ['level=info msg="received SIGTERM, shutting down"', 'level=info msg="shutdown complete"'];
  }
}

/** When the next health line after `now` is due (for follow streams), or undefined once finished. */
export function nextLineAt(i: ContainerInstance, now: number, intervalMs: number): number | undefined {
  if (i.finishedAt !== undefined) return undefined;
  const n = Math.max(1, Math.floor((now - i.startedAt) / intervalMs) + 1);
  return i.startedAt + n * intervalMs;
}

/** Every line the instance wrote up to `now` (shutdown lines included once it finished). */
export function instanceLines(i: ContainerInstance, now: number, intervalMs: number): LogLine[] {
  const lines: LogLine[] = startupLines(i).map((text, k) => ({ at: i.startedAt + k, text }));
  const end = Math.min(now, i.finishedAt ?? now);
  const count = Math.max(0, Math.floor((end - i.startedAt) / intervalMs));
  for (let n = Math.max(1, count - MAX_HEALTH_LINES + 1); n <= count; n++) {
    const at = i.startedAt + n * intervalMs;
    lines.push({ at, text: healthLine(i, at, n) });
  }
  if (i.finishedAt !== undefined && i.finishedAt <= now) {
    for (const [k, text] of shutdownLines(i, i.finishedAt).entries()) lines.push({ at: i.finishedAt + k, text });
  }
  return lines;
}

/** The lines written in (from, to]: what a follower gets between two looks. */
export function linesBetween(i: ContainerInstance, from: number, to: number, intervalMs: number): LogLine[] {
  return instanceLines(i, to, intervalMs).filter((l) => l.at > from);
}

/** The kubelet's `timestamps=true` prefix: RFC 3339 with nine fraction digits. */
export function kubeletTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
