/** Reading audit rows back into the content their hash was computed from. */
import type { EntryContent } from './hashing.js';

export interface EntryRow {
  seq: string;
  at: Date;
  actor_type: string;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  summary: unknown;
  request_id: string | null;
  client_address: string | null;
  entry_hash: string;
}

export function contentOf(slug: string, row: EntryRow): EntryContent {
  return {
    tenant: slug,
    at: row.at.toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    summary: row.summary,
    requestId: row.request_id,
    clientAddress: row.client_address,
  };
}
