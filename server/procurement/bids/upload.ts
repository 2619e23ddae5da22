/**
 * A bid as it arrives over HTTP: multipart (proposal files in `files`) parsed before anything else,
 * because a page's CSRF token travels inside the multipart body; then the files checked by their
 * content and the client's device read, for the service.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { clientDevice } from '../../identity/devices.js';
import { checkDocuments, receiveDocuments } from '../../suppliers/documents.js';
import type { BidInput } from './schema.js';
import type { SubmitBid } from './submission.js';

/**
 * The step that parses multipart bodies (limits become 413s). It keeps the fields as typed:
 * validate() replaces the body with parsed values (amounts in minor units), while a refused form
 * shows back the text as it was entered (form.ts).
 */
export const receiveFiles: RequestHandler = (req: Request, res: Response, next: NextFunction) =>
  void receiveDocuments(req, res, 'files').then(() => {
    res.locals.typed = (req.body ?? {}) as unknown;
    next();
  }, next);

/** The fields as typed, once the body was received. */
export function typedValues(res: Response): Record<string, unknown> | undefined {
  return res.locals.typed as Record<string, unknown> | undefined;
}

/** The validated bid with the checked files (415 for a type not accepted) and the client's device. */
export async function submissionOf(req: Request, res: Response, bid: BidInput): Promise<SubmitBid> {
  const files = await checkDocuments((req.files as Express.Multer.File[] | undefined) ?? []);
  return { ...bid, device: clientDevice(req, res), files };
}
