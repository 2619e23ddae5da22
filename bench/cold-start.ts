/**
 * Cold `npm start` on the embedded default (already installed) to the first served tenant page:
 * the very first start (initdb + provisioning of the five partners) and a later start reusing the
 * data directory. Target: <= 5 s.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../server/db/embedded.js';
import type { Figure } from './support.js';

async function startToFirstPage(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/t/kurdistan/`);
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 60_000) throw new Error('no page within 60 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    process.kill(-child.pid!, 'SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
}

export async function benchColdStart(): Promise<Figure[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'koneps-cold-'));
  try {
    const first = await startToFirstPage(dataDir);
    const again = await startToFirstPage(dataDir);
    return [
      {
        name: 'first npm start (initdb + 5 partners provisioned) to first page',
        value: first / 1000,
        unit: 's',
        target: '<= 5',
        ok: first <= 5000,
      },
      {
        name: 'cold npm start (data kept) to first page',
        value: again / 1000,
        unit: 's',
        target: '<= 5',
        ok: again <= 5000,
      },
    ];
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
