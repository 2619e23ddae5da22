/**
 * A real pgbouncer (Debian's package; `.ci/run` installs it) in transaction pooling mode, started by
 * a test on a free loopback port in front of the run's database and stopped after it. Not the
 * packaged service: its own generated ini, its own process.
 *
 * Server connections log in as the role of the URL it is given, with that URL's password (from
 * the auth file), so it works on both the real server and the embedded one. Clients are trusted:
 * it listens on 127.0.0.1 only and lives for one test file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { until } from './waiting.js';

export interface Pgbouncer {
  /** `url` (the run's database) with pgbouncer's host and port instead of the server's. */
  through(url: string): string;
  /** pgbouncer's own output so far, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

export interface PgbouncerOptions {
  /** Server connections per database and role: small, so that clients really share them. */
  poolSize: number;
  maxClientConn?: number;
}

const BINARIES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'];

export function pgbouncerBinary(): string | undefined {
  return BINARIES.find((file) => existsSync(file));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** An auth-file or ini string value: double quotes doubled. */
const quoted = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** Starts pgbouncer in front of the database of `url`, for the role of `url`. */
export async function startPgbouncer(url: string, options: PgbouncerOptions): Promise<Pgbouncer> {
  const binary = pgbouncerBinary();
  if (!binary) throw new Error('pgbouncer is not installed (apt-get install pgbouncer; .ci/run does)');
  const server = new URL(url);
  const database = server.pathname.slice(1);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'koneps-pgbouncer-'));
  const port = await freePort();
  await writeFile(
    path.join(dir, 'userlist.txt'),
    `${quoted(decodeURIComponent(server.username))} ${quoted(decodeURIComponent(server.password))}\n`,
  );
  const ini = [
    '[databases]',
    `${database} = host=${server.hostname} port=${server.port || 5432} dbname=${database}`,
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    'unix_socket_dir =',
    'auth_type = trust',
    `auth_file = ${path.join(dir, 'userlist.txt')}`,
    'pool_mode = transaction',
    `default_pool_size = ${options.poolSize}`,
    'min_pool_size = 0',
    'reserve_pool_size = 0',
    `max_client_conn = ${options.maxClientConn ?? 200}`,
    // pgbouncer 1.18 (Debian 12) refuses a startup `options` parameter, which node-postgres sends
    // for the pool's `-c search_path=tenant_unbound`: ignored here, and the role's own default
    // (set by the test, as docs/scaling.md tells operators) takes its place.
    'ignore_startup_parameters = options,extra_float_digits',
    'log_connections = 0',
    'log_disconnections = 0',
    // pgbouncer will not run as root; it drops to this user after reading its files.
    ...(process.getuid?.() === 0 ? ['user = nobody'] : []),
  ].join('\n');
  await writeFile(path.join(dir, 'pgbouncer.ini'), `${ini}\n`);
  await chmod(dir, 0o755);

  let output = '';
  let exited = false;
  const child: ChildProcess = spawn(binary, [path.join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout!, child.stderr!])
    stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ended = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  try {
    await until(async () => exited || (await accepts(port)), 10_000);
    if (exited) throw new Error(`pgbouncer exited at start:\n${output}`);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    through(target) {
      const routed = new URL(target);
      routed.hostname = '127.0.0.1';
      routed.port = String(port);
      return routed.toString();
    },
    output: () => output,
    async stop() {
      if (!exited) {
        // SIGTERM: immediate shutdown (SIGINT would wait for clients to leave).
        child.kill('SIGTERM');
        await ended;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
