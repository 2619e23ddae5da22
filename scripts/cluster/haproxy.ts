/**
 * HAProxy in front of the web processes: round robin, each server checked on /readyz every
 * second (a web process whose primary database is gone answers 503 there and leaves the rotation;
 * a placed database down only degrades it).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from './processes.js';

export const HAPROXY = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';

export function haproxyConfig(port: number, statsPort: number, webPorts: number[], pidFile: string): string {
  return `global
  maxconn 4096
  pidfile ${pidFile}

defaults
  mode http
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  option forwardfor
  # A request that could not reach a server goes to the other one. Only then: retry-on
  # conn-failure (HAProxy's default, written out) retries a request that was never sent, so a bid
  # POST cut off inside a killed web process is answered 502 and never replayed to the other one
  # (it may have committed: the supplier retries and the new bid replaces it, as a resubmission).
  option redispatch
  retries 2
  retry-on conn-failure

listen stats
  bind 127.0.0.1:${statsPort}
  stats enable
  stats uri /stats

frontend web
  bind 127.0.0.1:${port}
  default_backend app

backend app
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
${webPorts.map((p, i) => `  server web${i + 1} 127.0.0.1:${p} check inter 1s fall 2 rise 1`).join('\n')}
`;
}

/** Starts HAProxy in the background; returns its pid. */
export function startHaproxy(dir: string, port: number, statsPort: number, webPorts: number[]): number {
  const file = path.join(dir, 'haproxy.cfg');
  const pidFile = path.join(dir, 'haproxy.pid');
  writeFileSync(file, haproxyConfig(port, statsPort, webPorts, pidFile));
  run(HAPROXY, ['-c', '-q', '-f', file]);
  run(HAPROXY, ['-D', '-f', file, '-p', pidFile]);
  return Number(run('cat', [pidFile]).trim().split('\n')[0]);
}

/** Requests each web process has answered through HAProxy (server name → total sessions). */
export async function servedBy(statsPort: number): Promise<Record<string, number>> {
  const csv = await (await fetch(`http://127.0.0.1:${statsPort}/stats;csv`)).text();
  const served: Record<string, number> = {};
  for (const line of csv.split('\n')) {
    const [proxy, server, , , , , , stot] = line.split(',');
    if (proxy === 'app' && server?.startsWith('web')) served[server] = Number(stot);
  }
  return served;
}
