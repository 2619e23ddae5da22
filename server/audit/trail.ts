/**
 * Writing the audit trail. An entry is written in the same transaction as the change it records,
 * with the SHA-256 of its canonical content; nothing waits for earlier entries, so a deadline
 * spike writes freely. After the transaction commits, the sealer is nudged to fold new entries
 * into the hash chain within about a second.
 */
import type { Knex } from 'knex';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';
import { entryHash, type EntryContent } from './hashing.js';

export type ActorType = 'user' | 'platform' | 'system' | 'anonymous';

export interface AuditActor {
  type: ActorType;
  id?: string | null;
  label?: string | null;
}

/** Who and where, taken from the request (or a job) that causes the change. */
export interface AuditContext {
  actor: AuditActor;
  requestId?: string | null;
  clientAddress?: string | null;
  /** The language of the person acting, for anything sent back to them (not hashed). */
  locale?: string | null;
}

export interface AuditInput {
  action: string;
  target?: { type: string; id: string } | null;
  /** A short before/after summary of the change; never secrets, never sealed bid prices. */
  summary?: Record<string, unknown>;
  /** The tenant's time, when the caller has just read it in this transaction (saves a round trip). */
  at?: Date;
}

export interface RecordedEntry {
  seq: number;
  hash: string;
  at: Date;
}

export interface SealNudger {
  nudge(tenant: TenantHandle): void;
}

export const SYSTEM_ACTOR: AuditContext = { actor: { type: 'system', id: null, label: 'system' } };

export function entryContent(slug: string, at: Date, context: AuditContext, input: AuditInput): EntryContent {
  return {
    tenant: slug,
    at: at.toISOString(),
    actorType: context.actor.type,
    actorId: context.actor.id ?? null,
    actorLabel: context.actor.label ?? null,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    summary: input.summary ?? {},
    requestId: context.requestId ?? null,
    clientAddress: context.clientAddress ?? null,
  };
}

export class AuditTrail {
  constructor(private readonly sealer?: SealNudger) {}

  /** Records one entry inside `tx` (which must be bound to `tenant`). */
  async record(
    tx: Knex.Transaction,
    tenant: TenantHandle,
    context: AuditContext,
    input: AuditInput,
  ): Promise<RecordedEntry> {
    const at = input.at ?? (await now(tx));
    const { write, hash } = this.entryWrite(tx, tenant, context, { ...input, at });
    const [row] = await write.returning<{ seq: string }[]>('seq');
    return { seq: Number(row!.seq), hash, at };
  }

  /** The same entry as an unsent write, to go out with the change it records (db/together.ts). */
  entryWrite(
    tx: Knex.Transaction,
    tenant: TenantHandle,
    context: AuditContext,
    input: AuditInput & { at: Date },
  ): { write: Knex.QueryBuilder; hash: string } {
    const content = entryContent(tenant.slug, input.at, context, input);
    const hash = entryHash(content);
    if (this.sealer) {
      const sealer = this.sealer;
      tx.executionPromise.then(
        () => sealer.nudge(tenant),
        () => {},
      );
    }
    const write = tx('audit_entries').insert({
      at: input.at,
      actor_type: content.actorType,
      actor_id: content.actorId,
      actor_label: content.actorLabel,
      action: content.action,
      target_type: content.targetType,
      target_id: content.targetId,
      summary: JSON.stringify(content.summary),
      request_id: content.requestId,
      client_address: content.clientAddress,
      entry_hash: hash,
    });
    return { write, hash };
  }
}
