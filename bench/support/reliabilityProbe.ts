// The reliability bench's stall probe, run as its own process (bench/reliability.ts forks it): a
// normal GET of a pod every 100 ms on its own connection. In the attackers' process the probe's own
// timers and reads waited behind the attackers' work (building a 100k-label body, draining 200
// watches), so a slow GET could be the client's stall; here it can only be the server's.
// Messages in: { url, token, path } (start or retarget after a restart), { stop: true }.
// Messages out: { stall: { at, ms } } per GET over 1 s and { slowest: { at, ms } } per new slowest
// GET (at: its start, epoch ms); { worst, gets } on stop.
import { setTimeout as delay } from 'node:timers/promises';
import { Agent, request } from 'undici';

type Target = { url: string; token: string; path: string };

const THRESHOLD_MS = 1000;
let target: Target | undefined;
let running = true;
let worst = 0;
let gets = 0;
let agent = new Agent({ connections: 1 });

const send = (m: unknown) => process.send?.(m);
const now = () => performance.timeOrigin + performance.now();

async function loop(): Promise<void> {
  while (running) {
    const t = target;
    if (!t) { await delay(20); continue; }
    const at = now();
    try {
      const res = await request(t.url + t.path, { dispatcher: agent, headers: { authorization: `Bearer ${t.token}` }, signal: AbortSignal.timeout(15_000) });
      await res.body.dump();
    } catch { /* a dead server is counted as a crash by the bench */ }
    const ms = now() - at;
    if (t === target) { // a GET to a server being replaced says nothing about the new one
      gets++;
      if (ms > worst) send({ slowest: { at, ms } });
      worst = Math.max(worst, ms);
      if (ms > THRESHOLD_MS) send({ stall: { at, ms } });
    }
    await delay(100);
  }
}

const done = loop();
process.on('message', (m: Partial<Target> & { stop?: boolean }) => {
  if (m.stop) {
    running = false;
    void done.then(async () => { await agent.close(); send({ worst, gets }); process.disconnect(); });
    return;
  }
  const old = agent;
  agent = new Agent({ connections: 1 });
  void old.destroy();
  target = { url: m.url!, token: m.token!, path: m.path! };
});
