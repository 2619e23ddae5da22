/**
 * Two PostgreSQL 15 servers from Debian's binaries, each in its own data directory on its own
 * loopback port, trusting loopback connections. Each gets the app's database and its two roles
 * (server/db/roles.ts), as docker/postgres-init does in production. As root the servers run as the
 * `postgres` user, which PostgreSQL requires.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ensureDatabaseRoles } from '../../server/db/roles.js';
import { run } from './processes.js';

export const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const DATABASE = 'koneps';

export interface PostgresServer {
  name: string;
  port: number;
  dataDir: string;
  /** The superuser (trusted on loopback): setting up, and tests that look at every schema. */
  adminUrl: string;
  appUrl: string;
  ownerUrl: string;
}

const asRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary, as the postgres user when we are root. */
function pgRun(binary: string, args: string[]): string {
  const file = path.join(BIN, binary);
  return asRoot() ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
}

function postgresIds(): { uid: number; gid: number } {
  return { uid: Number(run('id', ['-u', 'postgres']).trim()), gid: Number(run('id', ['-g', 'postgres']).trim()) };
}

export function pgCtl(server: Pick<PostgresServer, 'dataDir'>, action: 'start' | 'stop' | 'restart'): void {
  const args = ['-D', server.dataDir, '-w', '-t', '60'];
  if (action !== 'start') args.push('-m', 'fast');
  // The log inside the data directory: the postgres user may write there and nowhere else of ours.
  if (action !== 'stop') args.push('-l', path.join(server.dataDir, 'server.log'));
  pgRun('pg_ctl', [...args, action]);
}

export function postgresRunning(server: Pick<PostgresServer, 'dataDir'>): boolean {
  if (!existsSync(path.join(server.dataDir, 'postmaster.pid'))) return false;
  try {
    pgRun('pg_ctl', ['-D', server.dataDir, 'status']);
    return true;
  } catch {
    return false;
  }
}

async function query(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** initdb, start, and the app's database with its owner and application roles. */
export async function startPostgres(dir: string, name: string, port: number): Promise<PostgresServer> {
  if (!existsSync(path.join(BIN, 'initdb')))
    throw new Error(`PostgreSQL 15 binaries not found in ${BIN} (apt-get install postgresql-15, or set PG_BIN)`);
  const dataDir = path.join(dir, name);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (asRoot()) {
    const { uid, gid } = postgresIds();
    chownSync(dataDir, uid, gid);
  }
  pgRun('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C']);
  const settings = [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = ''`,
    'max_connections = 200',
    'shared_buffers = 64MB',
  ].join('\n');
  // postgresql.auto.conf is read last; appending keeps the file's owner.
  appendFileSync(path.join(dataDir, 'postgresql.auto.conf'), `\n${settings}\n`);
  const base = { name, port, dataDir };
  pgCtl(base, 'start');
  const adminUrl = `postgres://postgres@127.0.0.1:${base.port}/postgres`;
  await query(adminUrl, `create database ${DATABASE}`);
  const roles = {
    owner: { name: 'koneps_owner', password: randomBytes(18).toString('base64url') },
    app: { name: 'koneps_app', password: randomBytes(18).toString('base64url') },
  };
  await ensureDatabaseRoles(adminUrl, DATABASE, roles);
  const as = (role: { name: string; password: string }) =>
    `postgres://${role.name}:${role.password}@127.0.0.1:${base.port}/${DATABASE}`;
  return { ...base, adminUrl, appUrl: as(roles.app), ownerUrl: as(roles.owner) };
}
