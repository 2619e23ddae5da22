/**
 * The built web process on its own (dist/server/main.js behind bench/tenants-server.mjs, which
 * answers questions about its memory and event loop over IPC), as the web role of a production
 * install: job workers elsewhere, the outbox relay here. Used by the tenants and soak benchmarks.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

export interface WebAnswer {
  memory: NodeJS.MemoryUsage;
  caches: Record<string, number>;
  /** Event-loop delay since the last question that reset it (ms). */
  loop: { p50: number; p99: number; max: number };
}

export interface WebSettings {
  databaseUrl: string;
  dataDir: string;
  port: number;
  prefix: string;
  /** The benchmark's environment: TENANTS_DIR, SESSION_SECRET, MASTER_KEY are passed on. */
  env: NodeJS.ProcessEnv;
  /** More settings (RATE_LIMITS, say). */
  extra?: NodeJS.ProcessEnv;
}

export function startWeb(settings: WebSettings) {
  const { env } = settings;
  const child = fork(path.resolve('bench/tenants-server.mjs'), [], {
    execArgv: ['--expose-gc'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: settings.databaseUrl,
      DATA_DIR: settings.dataDir,
      TENANTS_DIR: env.TENANTS_DIR,
      SESSION_SECRET: env.SESSION_SECRET,
      MASTER_KEY: env.MASTER_KEY,
      QUEUE_PREFIX: settings.prefix,
      PORT: String(settings.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      // The web role of a production install: job workers run in their own processes.
      RUN_WORKER_IN_WEB: 'false',
      ...settings.extra,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  /** `gc`: after a full collection; `resetLoop`: the event-loop histogram starts again. */
  const ask = (gc: boolean, resetLoop = false) =>
    new Promise<WebAnswer>((resolve) => {
      child.once('message', (m) => resolve(m as WebAnswer));
      child.send({ gc, resetLoop });
    });
  return { child, ask };
}

export function stopWeb(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  return exited;
}

/** Resolves once the process serves `pagePath` with 200 (two minutes at most). */
export async function waitListening(port: number, pagePath: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the web process exited (${child.exitCode})`);
    const status = await new Promise<number>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: pagePath }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
    });
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error('the web process served no page within 120 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}
