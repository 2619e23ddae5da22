/** The evaluator's, the auditor's and the tenant administrator's sections as shown. */
import { formatList } from '../i18n/format.js';
import type { ViewRequest, WorkFormats } from './formats.js';
import type { AdminWork, AuditorWork, Seat } from './staff-read.js';

/** What a seat waits for from its evaluator: a declaration, scores, or nothing (and why). */
function seatState(s: Seat): 'declare' | 'score' | 'waiting_opening' | 'declined' | 'closed' | 'done' {
  if (s.status === 'declined') return 'declined';
  if (!s.noticeActive) return 'closed';
  if (!s.openedAt) return 'waiting_opening';
  if (s.status === 'assigned') return 'declare';
  if (s.negotiated && !s.decided && s.scored < s.bids) return 'score';
  return 'done';
}

export function evaluatorModel(req: ViewRequest, f: WorkFormats, seats: Seat[]) {
  const rows = seats.map((s) => {
    const state = seatState(s);
    return {
      state,
      noticeNo: s.noticeNo,
      titleText: f.title(s.title),
      seatLabel: req.t(`evaluation:status_${s.status}`),
      todo:
        state === 'waiting_opening'
          ? req.t('work:seat_waiting_opening', { time: f.time(s.openingAt) })
          : state === 'score'
            ? req.t('work:seat_score', { n: f.number(s.bids - s.scored), total: f.number(s.bids) })
            : req.t(`work:seat_${state}`),
      assignedText: f.time(s.assignedAt),
      href: `${req.baseUrl}/notices/${s.noticeId}/evaluation`,
    };
  });
  return {
    seats: rows,
    declarations: rows.filter((r) => r.state === 'declare'),
    scores: rows.filter((r) => r.state === 'score'),
  };
}

/** An area of the trail (the first part of its action codes), named in the reader's language. */
function areaLabel(req: ViewRequest, area: string): string {
  return req.t(`work:area_${area.replaceAll('-', '_')}`, { defaultValue: req.t('work:area_unknown') });
}

export function auditorModel(req: ViewRequest, f: WorkFormats, work: AuditorWork) {
  const audit = `${req.baseUrl}/audit`;
  const last = work.lastVerification;
  return {
    days: f.number(work.days),
    activity: work.activity.map((a) => ({
      label: areaLabel(req, a.area),
      entries: f.number(a.entries),
      lastText: f.time(a.lastAt),
      href: `${audit}?${new URLSearchParams({ action: `${a.area}.` }).toString()}`,
    })),
    failedSignIns: f.number(work.failedSignIns),
    failedHref: `${audit}?action=auth.login-failed`,
    verdict: last ? (last.valid ? 'valid' : 'broken') : 'never',
    verdictText: last
      ? req.t(last.valid ? 'work:verified_valid' : 'work:verified_broken', { time: f.time(last.at) })
      : req.t('work:verified_never'),
    blocks: f.number(work.blocks),
    lastSealedText: work.lastSealedAt ? f.time(work.lastSealedAt) : req.t('work:never'),
    unsealed: f.number(work.unsealed),
    signedHeads: f.number(work.signedHeads),
    verifyHref: `${audit}/verify`,
  };
}

export function adminModel(req: ViewRequest, f: WorkFormats, work: AdminWork) {
  const roleLabel = (role: string) => req.t(`identity:role_${role.replaceAll('-', '_')}`);
  return {
    suppliers: work.suppliers.map((s) => ({
      nameText: f.title(s.legalName),
      registrationNo: s.registrationNo,
      kindLabel: req.t(`work:supplier_${s.kind}`),
      sinceText: s.since ? f.time(s.since) : '',
      href: `${req.baseUrl}/admin/suppliers/${s.id}`,
    })),
    invitations: work.invitations.map((i) => ({
      displayName: i.displayName,
      email: i.email,
      rolesText: formatList(i.roles.map(roleLabel), req.lng),
      invitedText: f.time(i.invitedAt),
      stateLabel: req.t(i.expired ? 'work:invitation_expired' : 'work:invitation_waiting'),
      expired: i.expired,
    })),
    roles: work.roles.map((r) => ({ label: roleLabel(r.role), count: f.number(r.active) })),
    deactivated: f.number(work.deactivated),
    usersHref: `${req.baseUrl}/admin/users`,
    suppliersHref: `${req.baseUrl}/admin/suppliers`,
  };
}
