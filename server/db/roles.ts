/**
 * The two database roles (docs: README, "Database roles").
 * - The owner role runs migrations and provisioning and owns every schema, table, sequence and
 *   function.
 * - The application role (web and worker) owns nothing and may create nothing; it reads and
 *   writes rows, and on audit tables (`audit_*`) it may only INSERT and SELECT, so neither an
 *   UPDATE, DELETE or TRUNCATE nor disabling their triggers (which needs ownership) is possible.
 *
 * Privileges are granted explicitly after every migration run, in the same transaction, so a table
 * added by any later migration gets them without anyone remembering to.
 */
import type { Knex } from 'knex';
import pg from 'pg';

/** Role names we are willing to put into SQL (quoted) and into a DO block (as a literal). */
const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function quoteRole(role: string): string {
  if (!ROLE_NAME.test(role)) throw new Error(`Refusing unexpected role name ${JSON.stringify(role)}`);
  return `"${role}"`;
}

const roles = new WeakMap<Knex, Promise<string>>();

/** The role a pool connects as (asked once per pool). */
export function connectedRole(db: Knex): Promise<string> {
  let role = roles.get(db);
  if (!role) {
    role = db.raw<{ rows: { role: string }[] }>('select current_user as role').then((r) => r.rows[0]!.role);
    role.catch(() => roles.delete(db));
    roles.set(db, role);
  }
  return role;
}

/**
 * The role to grant to when `owner` migrates a database that `app` uses; undefined when both
 * connect as the same role (a single-role development setup: nothing to grant).
 */
export async function granteeFor(owner: Knex, app: Knex): Promise<string | undefined> {
  const [ownerRole, appRole] = await Promise.all([connectedRole(owner), connectedRole(app)]);
  return ownerRole === appRole ? undefined : appRole;
}

/**
 * What the application role may do in `schema`, granted by its owner inside the migration
 * transaction: rows of every table, audit tables append-only, the ledger read-only, sequences.
 */
export function applicationGrants(schema: string, appRole: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Refusing unexpected schema name ${JSON.stringify(schema)}`);
  const app = quoteRole(appRole);
  return `grant usage on schema ${schema} to ${app};
    grant select, insert, update, delete on all tables in schema ${schema} to ${app};
    grant usage, select on all sequences in schema ${schema} to ${app};
    do $grants$ declare t text; begin
      for t in select tablename from pg_tables
                where schemaname = '${schema}' and (tablename like 'audit\\_%' or tablename = 'schema_migrations') loop
        execute format('revoke update, delete, truncate, references, trigger on %I.%I from %I', '${schema}', t, '${appRole}');
        if t = 'schema_migrations' then
          execute format('revoke insert on %I.%I from %I', '${schema}', t, '${appRole}');
        end if;
      end loop;
    end $grants$`;
}

/** Grants `appRole` what it needs in `schema` (one round trip); call inside the migration transaction. */
export async function grantApplicationAccess(tx: Knex.Transaction, schema: string, appRole: string): Promise<void> {
  await tx.raw(applicationGrants(schema, appRole));
}

export class RolePrivilegeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RolePrivilegeError';
  }
}

/**
 * Production web and worker processes refuse to run as a superuser or as the owner of the tables:
 * then the audit trail's write-blocking triggers would be theirs to disable.
 */
export async function assertApplicationRole(db: Knex): Promise<void> {
  const { rows } = await db.raw<{ rows: { role: string; superuser: boolean; owns: boolean }[] }>(
    `select current_user as role,
            (select rolsuper from pg_roles where rolname = current_user) as superuser,
            exists (select 1 from pg_tables where tableowner = current_user
                     and schemaname not in ('pg_catalog', 'information_schema')) as owns`,
  );
  const { role, superuser, owns } = rows[0]!;
  if (superuser || owns) {
    throw new RolePrivilegeError(
      `DATABASE_URL connects as ${role}, ${superuser ? 'a superuser' : 'the owner of the tables'}: ` +
        'web and worker must use the application role, migrations and provisioning DATABASE_OWNER_URL (see README, "Database roles")',
    );
  }
}

export interface RoleCredentials {
  name: string;
  password: string;
}

/**
 * As a superuser: creates (or re-passwords) the owner and application roles, makes the owner own
 * `database` and everything already in it (a database made before the split), and leaves the
 * application role nothing but CONNECT and TEMPORARY (BullMQ's PostgreSQL backend uses temporary
 * tables). The embedded default and the test runner call this; in production the same steps are
 * docker/postgres-init/10-roles.sh.
 */
export async function ensureDatabaseRoles(
  superuserUrl: string,
  database: string,
  { owner, app }: { owner: RoleCredentials; app: RoleCredentials },
): Promise<void> {
  const ownerRole = quoteRole(owner.name);
  const appRole = quoteRole(app.name);
  const run = async (url: string, work: (client: pg.Client) => Promise<void>) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.end();
    }
  };
  await run(superuserUrl, async (client) => {
    for (const role of [owner, app]) {
      const quoted = quoteRole(role.name);
      // Role DDL takes no parameters: the password goes in as a quoted literal.
      const password = client.escapeLiteral(role.password);
      const exists = await client.query('select 1 from pg_roles where rolname = $1', [role.name]);
      await client.query(
        exists.rowCount === 0
          ? `create role ${quoted} login nosuperuser nocreatedb nocreaterole noreplication password ${password}`
          : `alter role ${quoted} login nosuperuser nocreatedb nocreaterole noreplication password ${password}`,
      );
    }
    const db = client.escapeIdentifier(database);
    await client.query(`alter database ${db} owner to ${ownerRole}`);
    await client.query(`revoke create on database ${db} from ${appRole}`);
  });
  const url = new URL(superuserUrl);
  url.pathname = `/${database}`;
  await run(url.toString(), async (client) => {
    // PostgreSQL 14 and older let everyone create in public; 15 already does not.
    await client.query(`revoke create on schema public from public`);
    await client.query(adoptObjects(owner.name));
  });
}

/**
 * Hands every schema, table, sequence, view and function outside the system schemas to the owner
 * role. A no-op on a new database; on one made by a single role it performs the split.
 */
function adoptObjects(ownerRole: string): string {
  return `do $adopt$ declare r record; begin
    for r in select nspname from pg_namespace
              where nspname not like 'pg\\_%' and nspname not in ('information_schema', 'public')
                and nspowner <> '${ownerRole}'::regrole loop
      execute format('alter schema %I owner to %I', r.nspname, '${ownerRole}');
    end loop;
    for r in select n.nspname, c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
                and c.relkind in ('r', 'p', 'v', 'm', 'S') and c.relowner <> '${ownerRole}'::regrole
                -- sequences of serial and identity columns follow their table
                and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
                                 and d.objid = c.oid and d.deptype in ('a', 'i')) loop
      execute format('alter %s %I.%I owner to %I',
        case r.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view' else 'table' end,
        r.nspname, r.relname, '${ownerRole}');
    end loop;
    for r in select p.oid::regprocedure as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
                and p.proowner <> '${ownerRole}'::regrole loop
      execute format('alter routine %s owner to %I', r.fn, '${ownerRole}');
    end loop;
  end $adopt$`;
}
