/** The request's messages: its translator, with instants, dates, numbers and rule references made readable (i18n/message-params.ts). */
import type { Request } from 'express';
import { messageTranslator } from '../i18n/message-params.js';

export function requestMessages(req: Request): (key: string, params?: Record<string, unknown>) => string {
  const config = req.tenant?.config;
  return messageTranslator({
    t: req.t,
    lng: req.lng,
    timeZone: config?.timeZone ?? 'UTC',
    numbering: config?.numberingSystem ?? 'latn',
  });
}
