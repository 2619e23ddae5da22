/**
 * Moving a tenant to another database server (`npm run tenants -- move <slug> --to <placement>`):
 *
 *  1. a read-only window opens in the registry, which every web and worker process reads (its
 *     lookups are at most a second or two old): writes answer 503 with Retry-After, pages carry a
 *     banner, jobs are deferred;
 *  2. after those processes have seen it, the source tables are locked against writes (a write
 *     admitted just before the window waits, and is refused at the end instead of being lost);
 *  3. the tenant is exported from one snapshot, restored into the target database and checked
 *     there: every table's row count and SHA-256, and the audit chain, block for block;
 *  4. the registry row switches to the target; once every process reads it, the source schema is
 *     renamed `<schema>_moved_<stamp>` and closed to the application role (kept, not dropped: the
 *     operator drops it after checking; the archive is kept as well), and the window ends.
 *
 * Anything failing before the switch ends the window and leaves the tenant on its source, as it
 * was: the copy is removed from the target, and the trail says the move failed.
 */
import type { Knex } from 'knex';
import { AuditTrail, type AuditContext } from '../audit/trail.js';
import { verifyAuditChain, type VerifyReport } from '../audit/verify.js';
import type { TenantKeys } from '../crypto/tenant-keys.js';
import { quoteRole } from '../db/roles.js';
import { tenantArchives } from './archive.js';
import { ProvisioningError } from './provisioning.js';
import type { TenantRecord } from './registry.js';
import { parseSlug } from './slug.js';
import type { Tenancy } from './tenancy.js';
import { inTenant } from './tenant-context.js';
import { formatDateTime } from '../i18n/format.js';
import { noticeClosingWithin } from '../procurement/notices/closing-soon.js';
import type { TenantHandle } from './tenant-handle.js';

/** The primary database, as `--to` names it (a config without `placement` means it too). */
export const PRIMARY = 'primary';

/**
 * How long every process takes to read a registry change: a lookup is kept for a second
 * (registry.ts), a job's for another (jobs/runner.ts), and a request under way may finish.
 */
export const SETTLE_MS = 3000;

/** How long the source may take to finish the writes it admitted before the window. */
const LOCK_TIMEOUT = '20s';

/**
 * A move refuses bids while its window lasts: it is refused when a notice's submission deadline or
 * opening falls this soon, unless the operator insists (`--even-near-deadline`).
 */
export const NEAR_DEADLINE_MS = 30 * 60_000;

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

export class MoveError extends ProvisioningError {
  constructor(message: string) {
    super(message);
    this.name = 'MoveError';
  }
}

export interface MoveOptions {
  /** Where the archive is written; it is kept after the move (a copy of the tenant as moved). */
  archiveFile: string;
  /** Who moves it, for the audit trail. */
  actor: AuditContext;
  /** Each step as it happens (the CLI prints it with its time); awaited, so a test may look in on the window. */
  onStep?: (line: string) => void | Promise<void>;
  settleMs?: number;
  /** Move even when a deadline or opening falls within NEAR_DEADLINE_MS (the window refuses bids). */
  evenNearDeadline?: boolean;
}

export interface MoveOutcome {
  from: string;
  to: string;
  rows: number;
  tables: number;
  audit: VerifyReport;
  /** The source schema as kept (renamed), or undefined when it could not be renamed (said in a step). */
  keptAs?: string;
}

/** `primary` → null (the primary database), a placement variable → itself. */
export function placementNamed(name: string): string | null {
  return name === PRIMARY ? null : name;
}

export const placementName = (placement: string | null): string => placement ?? PRIMARY;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The tenant's handle without its window: for the move's own writes. */
const writable = (handle: TenantHandle): TenantHandle => ({ ...handle, moving: undefined });

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`Unexpected identifier ${JSON.stringify(name)}`);
  return name;
}

async function tablesOf(db: Knex | Knex.Transaction, schema: string): Promise<string[]> {
  const rows = await db.raw<{ rows: { name: string }[] }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = ? and c.relkind in ('r', 'p') order by 1`,
    [schema],
  );
  return rows.rows.map((r) => `${ident(schema)}.${ident(r.name)}`);
}

export function tenantMoves(deps: { tenancy: Tenancy; keys: TenantKeys }) {
  const { tenancy } = deps;
  const { registry } = tenancy;
  const audit = new AuditTrail();

  async function recordIn(handle: TenantHandle, actor: AuditContext, action: string, summary: Record<string, unknown>) {
    await inTenant(handle, (tx) => audit.record(tx, handle, actor, { action, target: null, summary }));
  }

  function handleOf(record: TenantRecord): TenantHandle {
    const handle = tenancy.handleFor(record);
    if (!handle) throw new MoveError(`Tenant "${record.slug}" has no config here (tenants/${record.slug}.yaml)`);
    return handle;
  }

  /** What must hold before the window opens; nothing has changed when this throws. */
  async function admissible(
    rawSlug: string,
    to: string,
    evenNearDeadline = false,
  ): Promise<{ record: TenantRecord; target: string | null }> {
    const slug = parseSlug(rawSlug);
    const record = slug && (await registry.findNow(slug));
    if (!record) throw new MoveError(`No tenant "${rawSlug}"`);
    if (record.status !== 'active' && record.status !== 'suspended')
      throw new MoveError(`Tenant "${record.slug}" is ${record.status}; only an active or suspended tenant moves`);
    if (record.move) {
      throw new MoveError(
        `Tenant "${record.slug}" is already being moved to ${record.move.to} (since ${record.move.since.toISOString()}); ` +
          `if no move is running any more, end its window with: tenants move ${record.slug} --cancel`,
      );
    }
    const target = placementNamed(to);
    if (target === record.placement) throw new MoveError(`Tenant "${record.slug}" already lives on ${to}`);
    // Both placements must be known to this process, with their owner roles: checked before any change.
    for (const placement of [record.placement, target]) {
      tenancy.databaseFor(placement);
      tenancy.ownerDatabaseFor(placement);
    }
    if (!evenNearDeadline) await refuseNearDeadline(handleOf(record));
    return { record, target };
  }

  /** Refuses the move when a published notice not yet opened closes or opens within NEAR_DEADLINE_MS. */
  async function refuseNearDeadline(handle: TenantHandle): Promise<void> {
    const near = await inTenant(handle, (tx) => noticeClosingWithin(tx, NEAR_DEADLINE_MS));
    if (!near) return;
    // The operator reads the times as the tenant's users do, in its zone.
    const zone = handle.config.timeZone;
    const when = (at: Date) => `${formatDateTime(at, 'en', zone, 'latn')} (${zone})`;
    throw new MoveError(
      `Tenant "${handle.slug}" has notice ${near.notice_no ?? '(unnumbered)'} closing ${when(near.submission_deadline)} ` +
        `and opening ${when(near.opening_at)}, within ${NEAR_DEADLINE_MS / 60_000} minutes: the move's window ` +
        `would refuse its bids. Move it later, or give --even-near-deadline; nothing changed`,
    );
  }

  /** Moves `rawSlug` to the placement named `to`; see the module comment for the steps. */
  async function move(rawSlug: string, to: string, options: MoveOptions): Promise<MoveOutcome> {
    const step = options.onStep ?? (() => undefined);
    const settleMs = options.settleMs ?? SETTLE_MS;
    const { record, target } = await admissible(rawSlug, to, options.evenNearDeadline);
    const from = placementName(record.placement);
    const slug = record.slug;
    const windowed = await registry.beginMove(slug, to);
    if (!windowed) throw new MoveError(`Tenant "${slug}" is already being moved; nothing changed`);
    const source = handleOf(windowed);
    const sourceOwner = tenancy.ownerDatabaseFor(record.placement);
    let lock: Knex.Transaction | undefined;
    let copied = false;
    let outcome: Omit<MoveOutcome, 'keptAs'>;
    try {
      await step(`read-only window opened on ${slug} (writes answer 503, jobs wait); moving ${from} -> ${to}`);
      // The move itself writes this one entry, before the lock (the tenant's own handle is read-only now).
      await recordIn(writable(source), options.actor, 'tenant.move-started', { from, to });
      await step(`waiting ${settleMs / 1000} s for every web and worker process to see the window`);
      await sleep(settleMs);
      const there = await tenancy
        .ownerDatabaseFor(target)
        .raw<{ rows: unknown[] }>('select 1 from pg_namespace where nspname = ?', [source.schema]);
      if (there.rows.length > 0)
        throw new MoveError(`${to} already holds a schema ${source.schema} (a leftover?); remove it first`);
      lock = await sourceOwner.transaction();
      await lock.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`);
      await lock.raw(`lock table ${(await tablesOf(lock, source.schema)).join(', ')} in share mode`);
      await step(`source tables locked against writes (reads go on)`);
      const archives = tenantArchives(tenancy, deps.keys);
      const manifest = await archives.exportTenant(source, options.archiveFile);
      const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
      await step(`exported ${manifest.tables.length} tables, ${rows} rows -> ${options.archiveFile}`);
      // From here a copy may exist on the target (the check above found none): a failure removes it.
      copied = true;
      const copy = await archives.restoreCopy(options.archiveFile, windowed, target);
      await step(`restored into ${to} (row counts and SHA-256 of every table checked while loading)`);
      await checkCopy(copy, manifest.tables);
      const [before, after] = await Promise.all([verifyAuditChain(source), verifyAuditChain(copy)]);
      if (!after.valid || after.blocks !== before.blocks || after.entries !== before.entries) {
        throw new MoveError(
          `the audit chain on ${to} does not match the source (${after.valid ? 'valid' : `broken at block ${after.broken?.blockNo}`}, ` +
            `${after.blocks}/${before.blocks} blocks, ${after.entries}/${before.entries} entries)`,
        );
      }
      await step(
        `verified on ${to}: ${rows} rows counted again, audit chain valid (${after.blocks} blocks, ${after.entries} sealed entries, ${after.unsealed} awaiting sealing)`,
      );
      await registry.update(slug, { placement: target });
      outcome = { from, to, rows, tables: manifest.tables.length, audit: after };
    } catch (error) {
      await abandon(slug, source, target, { lock, copied, actor: options.actor, from, to, error });
      await step(`FAILED before the switch: ${(error as Error).message}`);
      throw new MoveError(
        `Move of ${slug} to ${to} failed: ${(error as Error).message}\n` +
          `Nothing changed: ${slug} stays on ${from}, and its read-only window is over (it takes writes again).`,
      );
    }
    await step(
      `registry switched: ${slug} now lives on ${to}; waiting ${settleMs / 1000} s for every process to follow`,
    );
    await sleep(settleMs);
    const keptAs = await retireSource(source, record.placement, lock, step);
    await recordIn(handleOf({ ...windowed, placement: target, move: null }), options.actor, 'tenant.moved', {
      from,
      to,
      rows: outcome.rows,
      tables: outcome.tables,
      sourceKeptAs: keptAs ?? null,
    });
    await registry.update(slug, { move: null });
    await step(`read-only window closed: ${slug} takes writes again, on ${to}`);
    return { ...outcome, ...(keptAs ? { keptAs } : {}) };
  }

  /** Every table of the copy holds the archive's number of rows (counted afresh, not from the load). */
  async function checkCopy(copy: TenantHandle, tables: { name: string; rows: number }[]): Promise<void> {
    await inTenant(copy, async (tx) => {
      for (const table of tables) {
        const [row] = await tx(ident(table.name)).count<{ n: string }[]>('* as n');
        if (Number(row!.n) !== table.rows)
          throw new MoveError(`table ${table.name} holds ${row!.n} rows on the target, ${table.rows} in the archive`);
      }
    });
  }

  /** Undoes a move that failed before the switch: lock released, copy removed, window closed. */
  async function abandon(
    slug: string,
    source: TenantHandle,
    target: string | null,
    state: { lock?: Knex.Transaction; copied: boolean; actor: AuditContext; from: string; to: string; error: unknown },
  ): Promise<void> {
    await state.lock?.rollback().catch(() => undefined);
    if (state.copied) {
      // The copy is ours only when the target held no such schema before (restoreCopy refuses then).
      await tenancy
        .ownerDatabaseFor(target)
        .raw(`drop schema if exists ${ident(source.schema)} cascade`)
        .catch(() => undefined);
    }
    await registry.update(slug, { move: null });
    await recordIn(writable(source), state.actor, 'tenant.move-failed', {
      from: state.from,
      to: state.to,
      reason: (state.error as Error).message.split('\n')[0]!.slice(0, 500),
    }).catch(() => undefined);
  }

  /**
   * Renames the source schema and closes it to the application role, in the transaction that holds
   * its lock: a write admitted before the window and still waiting is then refused, never stored
   * in a copy nobody reads.
   */
  async function retireSource(
    source: TenantHandle,
    placement: string | null,
    lock: Knex.Transaction | undefined,
    step: (line: string) => void | Promise<void>,
  ): Promise<string | undefined> {
    if (!lock) return undefined;
    const keptAs = ident(`${source.schema}_moved_${Math.floor(Date.now() / 1000).toString(36)}`);
    try {
      const { grantTo } = await tenancy.migrationTarget(placement);
      await lock.raw(`alter schema ${ident(source.schema)} rename to ${keptAs}`);
      if (grantTo) {
        const app = quoteRole(grantTo);
        await lock.raw(`revoke all on all tables in schema ${keptAs} from ${app};
          revoke all on all sequences in schema ${keptAs} from ${app};
          revoke all on schema ${keptAs} from ${app}`);
      }
      await lock.commit();
      await step(`source schema kept as ${keptAs}, closed to the application (drop it once you are satisfied)`);
      return keptAs;
    } catch (error) {
      await lock.rollback().catch(() => undefined);
      await step(
        `WARNING: the source schema ${source.schema} could not be renamed (${(error as Error).message}); the tenant is served from the target, the source copy is stale: drop it by hand`,
      );
      return undefined;
    }
  }

  /**
   * Ends the window of a move whose process stopped half-way (killed, its machine lost): a copy
   * the registry never switched to is removed from the target. Only when no move is running.
   */
  async function cancel(rawSlug: string): Promise<string[]> {
    const slug = parseSlug(rawSlug);
    const record = slug && (await registry.findNow(slug));
    if (!record) throw new MoveError(`No tenant "${rawSlug}"`);
    if (!record.move) throw new MoveError(`Tenant "${record.slug}" is not being moved; nothing changed`);
    const target = placementNamed(record.move.to);
    const lines: string[] = [];
    if (record.placement !== target) {
      const schema = ident(handleOf(record).schema);
      await tenancy.ownerDatabaseFor(target).raw(`drop schema if exists ${schema} cascade`);
      lines.push(`Removed any unfinished copy of ${record.slug} from ${record.move.to}`);
    } else {
      lines.push(
        `The registry had already switched ${record.slug} to ${record.move.to}; ` +
          `the previous database may still hold a stale schema ${handleOf(record).schema}: drop it by hand`,
      );
    }
    await registry.update(record.slug, { move: null });
    lines.push(
      `Read-only window of ${record.slug} closed: it lives on ${placementName(record.placement)} and takes writes`,
    );
    return lines;
  }

  return { move, cancel };
}
