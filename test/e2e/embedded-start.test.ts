import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../server/db/embedded.js';

/** `npm start` on a fresh machine: nothing set but a data directory and a port. */
function start(dataDir: string, port: number): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
  };
  // Its own process group, so clean-up can reach the PostgreSQL server it starts.
  return spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

async function waitFor(url: string, ms: number): Promise<Response> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('the embedded default (npm start)', function () {
  this.timeout(120_000);
  const root = mkdtempSync(path.join(os.tmpdir(), 'koneps-start-'));
  // As root, PostgreSQL runs as its own user, which must be able to reach DATA_DIR inside.
  chmodSync(root, 0o755);
  const dataDir = path.join(root, 'data');

  const children: ChildProcess[] = [];
  // Whatever happens to the assertions, no server of this test outlives it.
  after(() => {
    for (const child of children) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('starts with no servers configured, serves the partners, stops cleanly on Ctrl-C and reuses its data', async () => {
    const port = await freePort();
    const first = start(dataDir, port);
    children.push(first);
    let printed = '';
    first.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    assert.equal((await waitFor(`http://127.0.0.1:${port}/healthz`, 60_000)).status, 200);
    const kurdistan = await (await fetch(`http://127.0.0.1:${port}/t/kurdistan/`)).text();
    assert.match(kurdistan, /<html lang="ckb" dir="rtl">/);
    assert.match(await (await fetch(`http://127.0.0.1:${port}/t/vietnam/`)).text(), /<html lang="vi"/);
    assert.equal((await fetch(`http://127.0.0.1:${port}/t/nowhere/`)).status, 404);
    const ready = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { checks: Record<string, string> };
    assert.deepEqual(ready.checks, { database: 'ok', queue: 'ok' });
    const before = (await (await fetch(`http://127.0.0.1:${port}/t/korea/api/v1/tenant`)).json()) as {
      provisionedAt: string;
    };
    assert.match(printed, /Demo accounts \(password Demo-Procure-2026\)/);
    // The generated master key sits beside the data, not in it: a backup of DATA_DIR opens nothing.
    const keyFile = path.join(root, 'keys', 'master.key');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.doesNotMatch(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8'), /masterKey/);

    first.kill('SIGINT');
    assert.equal(await exited(first), 0);
    assert.equal(existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), false, 'PostgreSQL left running');

    const second = start(dataDir, port);
    children.push(second);
    try {
      await waitFor(`http://127.0.0.1:${port}/healthz`, 60_000);
      const after = (await (await fetch(`http://127.0.0.1:${port}/t/korea/api/v1/tenant`)).json()) as {
        provisionedAt: string;
      };
      assert.equal(after.provisionedAt, before.provisionedAt, 'the second start must reuse the data');
    } finally {
      second.kill('SIGINT');
      await exited(second);
    }
  });
});
