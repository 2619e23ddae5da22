/** An audit action in words, for the timeline and the audit search. */
import type { Request } from 'express';

/** "Plan entry created" for `plan.created`; an action without a label reads "Recorded action". */
export function actionLabel(req: Request, action: string): string {
  return req.t([`timeline:action_${action.replace(/[.-]/g, '_')}`, 'timeline:action_unlabelled']);
}
