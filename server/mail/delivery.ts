/**
 * Delivers queued e-mail. With SMTP_URL set it sends through nodemailer's SMTP transport;
 * otherwise (the embedded default, training) each message is written as an .eml file to
 * DATA_DIR/outbox/<tenant>/ and stays readable on the tenant's outbox page. A training sandbox's
 * mail is always kept so, SMTP_URL or not: its addresses are made up, or a trainee's real one.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

export interface DeliverySettings {
  smtpUrl?: string;
  from: string;
  outboxDir: string;
}

interface EmailRow {
  id: string;
  recipient: string;
  subject: string;
  body_text: string;
  list_unsubscribe: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/**
 * Delivery is at least once: the message goes out, then `sent_at` commits, and a process killed
 * between the two leaves the row unsent, so the job runs again (BullMQ's stalled-job check) and
 * sends it again. What goes out is therefore the same message each time, named by the e-mail's
 * row alone: in the kept outbox the same file (`<created_at>-<id>.eml`, written over), so a
 * repeated delivery leaves one file; over SMTP the same Message-ID, by which mail systems
 * recognise a duplicate. A sent marker committed before sending would turn that duplicate into a
 * lost message instead, worse for bid receipts and opening notices.
 */
function messageId(row: EmailRow, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'koneps.localhost';
  return `<${row.id}@${domain}>`;
}

function keptFileName(row: EmailRow): string {
  return `${row.created_at.toISOString().replace(/[:.]/g, '-')}-${row.id}.eml`;
}

/** Builds each message without sending it: the .eml files of the outbox. */
function streamTransport(): Transporter {
  return nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
}

export function createTransport(settings: DeliverySettings): Transporter {
  return settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl) : streamTransport();
}

let sandboxTransport: Transporter | undefined;

/** Sends one queued e-mail unless it was sent already (jobs may run twice). */
export async function deliverEmail(
  tenant: TenantHandle,
  emailId: string,
  transport: Transporter,
  settings: DeliverySettings,
): Promise<'sent' | 'already-sent' | 'missing'> {
  return inTenant(tenant, async (tx) => {
    const row = await tx<EmailRow>('outbound_emails').where({ id: emailId }).forUpdate().first();
    if (!row) return 'missing';
    if (row.sent_at) return 'already-sent';
    const kept = !settings.smtpUrl || tenant.kind === 'sandbox';
    const via = settings.smtpUrl && kept ? (sandboxTransport ??= streamTransport()) : transport;
    try {
      const info = (await via.sendMail({
        from: settings.from,
        messageId: messageId(row, settings.from),
        date: row.created_at,
        to: row.recipient,
        subject: row.subject,
        text: row.body_text,
        // One-click unsubscribe (RFC 8058): mail programs offer it and post to the address themselves.
        ...(row.list_unsubscribe
          ? {
              list: { unsubscribe: row.list_unsubscribe },
              headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
            }
          : {}),
      })) as { message?: Buffer };
      if (kept && info.message) {
        const dir = path.join(settings.outboxDir, tenant.slug);
        await mkdir(dir, { recursive: true });
        await writeFile(path.join(dir, keptFileName(row)), info.message);
      }
      await tx('outbound_emails')
        .where({ id: emailId })
        .update({ sent_at: tx.raw('app_now()'), attempts: tx.raw('attempts + 1') });
      return 'sent';
    } catch (error) {
      await tx('outbound_emails')
        .where({ id: emailId })
        .update({ attempts: tx.raw('attempts + 1'), last_error: (error as Error).message.slice(0, 500) });
      throw error;
    }
  });
}
