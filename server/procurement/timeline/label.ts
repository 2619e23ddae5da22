/** A timeline step's label in the reader's language, its amounts and dates written out. */
import type { Request } from 'express';
import { actionLabel } from '../../audit/action-label.js';
import { formatsFor } from '../deliveries/format.js';
import type { TimelineStep } from './read.js';

const DAYS = new Set(['dueOn', 'paidOn', 'closesOn']);

export function stepLabel(req: Request, s: TimelineStep): string {
  const f = formatsFor(req);
  const params = Object.fromEntries(
    Object.entries(s.params).map(([k, v]) => [
      k,
      k === 'amount'
        ? f.money(v)
        : DAYS.has(k) && typeof v === 'string'
          ? f.day(v)
          : k === 'action' && typeof v === 'string'
            ? actionLabel(req, v)
            : v,
    ]),
  );
  return req.t(`timeline:step_${s.kind.replace(/-/g, '_')}`, params);
}
