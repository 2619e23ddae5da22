/**
 * Addenda as JSON: the public list of a notice's addenda, and issuing one (JSON, or multipart with
 * added documents in "documents" and a replacement of document X in "replace_X").
 */
import { answerAwaitingCheck, awaitingCheckResponse } from '../../approvals/awaiting-answer.js';
import { isAwaitingCheck } from '../../approvals/mutual-checks.js';
import { Router } from 'express';
import type { Deps } from '../../deps.js';
import { operations } from '../../http/operation.js';
import { IdParams } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import {
  addendaService,
  addendumFields,
  addendumInput,
  isAddendumFileField,
  publicAddendum,
  readAddenda,
} from './addenda.js';
import { issuedView } from './addenda-view.js';
import { AddendaAnswer, IssuedAddendumAnswer } from './schema.js';
import { checkedFiles, checkFiles, noticeUpload } from './uploads.js';

const operation = operations('notices');

export function addendumApi(
  services: Pick<Deps, 'audit' | 'mailer' | 'relay' | 'limits' | 'i18n' | 'publicUrl'>,
): Router {
  const router = Router();
  const addenda = addendaService(services);

  router.get(
    '/notices/:id/addenda',
    operation({
      id: 'listNoticeAddenda',
      summary: 'Addenda of a notice: what changed, and the rule versions applied',
      responses: { 200: { description: 'Addenda', schema: AddendaAnswer } },
    }),
    publicRoute,
    validate({ params: IdParams }),
    async (req, res) => {
      const rows = await readAddenda(req.actor, req.params.id);
      res.json({ addenda: rows.map(publicAddendum) });
    },
  );

  router.post(
    '/notices/:id/addenda',
    operation({
      id: 'issueNoticeAddendum',
      summary:
        'Issue an addendum (JSON, or multipart with files in "documents" and "replace_<documentId>"): summary, ' +
        'optional submissionDeadline / openingAt; the lead-time rule may extend the deadline',
      upload: 'documents',
      responses: {
        201: { description: 'Issued: the new revision, dates and rule versions applied', schema: IssuedAddendumAnswer },
        202: awaitingCheckResponse,
        409: 'A change to the notice already waits for a second person',
        413: 'A file too large: nothing stored',
        415: 'A file of another type: nothing stored',
        422: 'Invalid input, or the notice is not open',
        429: 'Too many uploads by this account; see Retry-After',
      },
    }),
    requirePolicy('notices:manage'),
    services.limits.uploads(),
    noticeUpload,
    validate({ params: IdParams, body: addendumFields }),
    checkFiles(isAddendumFileField),
    async (req, res) => {
      const issued = await addenda.issue(req.actor, req.params.id, addendumInput(req.body, checkedFiles(req)));
      if (isAwaitingCheck(issued)) answerAwaitingCheck(req, res, issued);
      else res.status(201).json(issuedView(issued));
    },
  );
  return router;
}
