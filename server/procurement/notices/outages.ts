/**
 * System outages: platform staff (or the operator's CLI) record a window in which a tenant's
 * system was unavailable. Every notice still open whose submission deadline fell inside the window
 * (start ≤ deadline ≤ end) gets an automatic addendum moving the deadline by the tenant's
 * outage-extension rule, counted from the end of the outage, and the opening by the same amount;
 * bidders and askers are told. A window is recorded once: recording it again extends nothing twice.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import type { AuditContext } from '../../audit/trail.js';
import { ValidationError } from '../../http/validate.js';
import { formatDateTime } from '../../i18n/format.js';
import { systemActor } from '../../identity/actor.js';
import { tenantTranslator } from '../../i18n/terminology.js';
import type { JobEnqueuer } from '../../jobs/outbox.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import type { TenantHandle } from '../../tenancy/tenant-handle.js';
import { now } from '../../time/clock.js';
import { amendNotice, type AmendableNotice, type AmendTarget } from './amend.js';
import { outageDates } from '../../regulations/deadline-rules.js';
import { localDateTime } from './schema.js';

export function outageSchema(timeZone: string) {
  return z.object({
    from: localDateTime(timeZone),
    to: localDateTime(timeZone),
    reason: z.string().trim().min(3).max(2000),
  });
}

export interface OutageInput {
  from: Date;
  to: Date;
  reason: string;
  /** Who recorded it: a staff member's e-mail, or "cli:<user>". */
  recordedBy: string;
}

export interface OutageResult {
  windowId: string;
  /** False when the same window was recorded before. */
  created: boolean;
  rules: string[];
  extended: { noticeId: string; noticeNo: string | null; before: Date; after: Date; addendum: number }[];
}

export interface OutageWindowRow {
  id: string;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  recorded_by: string;
  recorded_at: Date;
  applied_rules: string[];
}

/** Records the window once and locks it, so two recordings run one after the other. */
async function recordWindow(
  tx: Knex.Transaction,
  input: OutageInput & { rules: string[] },
): Promise<{ window: OutageWindowRow; created: boolean }> {
  const inserted = await tx('outage_windows')
    .insert({
      starts_at: input.from,
      ends_at: input.to,
      reason: input.reason,
      recorded_by: input.recordedBy,
      applied_rules: input.rules,
    })
    .onConflict(['starts_at', 'ends_at'])
    .ignore()
    .returning<{ id: string }[]>('id');
  const window = await tx<OutageWindowRow>('outage_windows')
    .where({ starts_at: input.from, ends_at: input.to })
    .forUpdate()
    .first();
  return { window: window!, created: inserted.length > 0 };
}

/** The open notices whose deadline fell inside the window and that it has not extended yet. */
function noticesInside(tx: Knex.Transaction, window: OutageWindowRow): Promise<AmendableNotice[]> {
  return tx<AmendableNotice>('notices')
    .where('status', 'active')
    .whereNull('opened_at')
    .where('submission_deadline', '>=', window.starts_at)
    .where('submission_deadline', '<=', window.ends_at)
    .whereNotExists((q) =>
      q
        .select(tx.raw('1'))
        .from('notice_addenda as a')
        .whereRaw('a.notice_id = notices.id')
        .where('a.outage_id', window.id),
    )
    .orderBy('submission_deadline')
    .forUpdate();
}

export function outagesService(services: Pick<Deps, 'audit' | 'mailer' | 'i18n'> & { relay: JobEnqueuer }) {
  return {
    async record(tenant: TenantHandle, context: AuditContext, input: OutageInput): Promise<OutageResult> {
      const config = tenant.config;
      if (input.to <= input.from) throw new ValidationError([{ field: 'to', key: 'addenda:outage_end_before_start' }]);
      return inTenant(tenant, async (tx) => {
        if (input.from > (await now(tx)))
          throw new ValidationError([{ field: 'from', key: 'addenda:outage_in_future' }]);
        const probe = outageDates(config, input.to, { deadline: input.to, opening: input.to });
        if (!probe) throw new ValidationError([{ field: 'to', key: 'addenda:no_outage_rule' }]);

        const actor = systemActor(tenant, context);
        const { window, created } = await recordWindow(tx, { ...input, rules: probe.rules });
        if (created)
          await services.audit.record(tx, tenant, context, {
            action: 'outage.recorded',
            target: { type: 'outage', id: window.id },
            summary: {
              after: { from: input.from.toISOString(), to: input.to.toISOString(), reason: input.reason },
              rules: probe.rules,
            },
          });
        const notices = await noticesInside(tx, window);
        const extended: OutageResult['extended'] = [];
        for (const notice of notices) {
          const issued = await extendOne(tx, { actor, notice }, window);
          extended.push({
            noticeId: notice.id,
            noticeNo: issued.noticeNo,
            before: notice.submission_deadline,
            after: issued.deadline,
            addendum: issued.number,
          });
        }
        return { windowId: window.id, created, rules: window.applied_rules, extended };
      });
    },

    /** The windows recorded for a tenant, newest first. */
    async recent(tenant: TenantHandle, limit = 20): Promise<OutageWindowRow[]> {
      return inTenant(tenant, (tx) =>
        tx<OutageWindowRow>('outage_windows').orderBy('starts_at', 'desc').limit(limit).select('*'),
      );
    },
  };

  async function extendOne(tx: Knex.Transaction, target: AmendTarget, window: OutageWindowRow) {
    const { actor, notice } = target;
    const tenant = actor.tenant;
    const config = tenant.config;
    const dates = outageDates(config, window.ends_at, {
      deadline: notice.submission_deadline,
      opening: notice.opening_at,
    })!;
    // The stored summary is in the tenant's own language; pages write the change in the reader's.
    const lng = config.locales.default;
    const t = tenantTranslator(services.i18n, tenant, lng, 'addenda');
    const when = (d: Date) => formatDateTime(d, lng, config.timeZone, config.numberingSystem);
    const period = t(`${dates.unit}_days`, { count: dates.days });
    const summary = t('outage_summary', {
      from: when(window.starts_at),
      to: when(window.ends_at),
      reason: window.reason,
      period,
      rule: dates.rules[0],
    });
    return amendNotice(tx, services, target, {
      summary,
      deadline: dates.deadline,
      opening: dates.opening,
      extendedByRule: true,
      rules: dates.rules,
      changes: {
        submissionDeadline: { before: notice.submission_deadline.toISOString(), after: dates.deadline.toISOString() },
        openingAt: { before: notice.opening_at.toISOString(), after: dates.opening.toISOString() },
        outage: {
          id: window.id,
          from: window.starts_at.toISOString(),
          to: window.ends_at.toISOString(),
          reason: window.reason,
          days: dates.days,
          unit: dates.unit,
        },
      },
      outageId: window.id,
      issuedBy: null,
      mail: {
        template: 'outage_extension',
        params: { from: window.starts_at, to: window.ends_at, rule: dates.rules[0] },
      },
    });
  }
}
