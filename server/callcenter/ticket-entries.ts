/**
 * A ticket's history: every note, identity check, action, hand-over and article sent is an entry,
 * written in the transaction of what it records.
 */
import type { Knex } from 'knex';
import { NotFoundError } from '../http/errors.js';
import type { StaffMember } from '../platform/staff.js';

export type TicketEntryKind =
  'note' | 'identity-check' | 'action' | 'handover' | 'article-sent' | 'closed' | 'reopened';

export interface TicketRow {
  id: string;
  ticket_no: string;
  caller_name: string;
  caller_contact: string;
  caller_user_id: string | null;
  caller_supplier_id: string | null;
  language: string;
  topic: string;
  status: 'open' | 'closed';
  outcome: string | null;
  assigned_staff_id: string;
  assigned_staff_label: string;
  assigned_staff_language: string;
  opened_by_staff_id: string;
  follow_up_at: Date | null;
  follow_up_reminded_at: Date | null;
  opened_at: Date;
  closed_at: Date | null;
}

/** The open ticket an action is recorded under; a closed or unknown one is refused (404). */
export async function openTicket(tx: Knex.Transaction, ticketId: string): Promise<TicketRow> {
  const ticket = /^[0-9a-f-]{36}$/.test(ticketId)
    ? await tx<TicketRow>('support_tickets').where({ id: ticketId, status: 'open' }).first()
    : undefined;
  if (!ticket) throw new NotFoundError();
  return ticket;
}

export async function addTicketEntry(
  tx: Knex.Transaction,
  ticketId: string,
  staff: Pick<StaffMember, 'id' | 'email'>,
  entry: { kind: TicketEntryKind; body?: string; details?: Record<string, unknown> },
): Promise<void> {
  await tx('support_ticket_entries').insert({
    ticket_id: ticketId,
    kind: entry.kind,
    staff_id: staff.id,
    staff_label: staff.email,
    body: entry.body ?? '',
    details: JSON.stringify(entry.details ?? {}),
  });
}
