/**
 * Pre-specification pages: the public list and page of each disclosure (comments and replies,
 * commenters unnamed), the supplier's comment form while it is open, the officers' reply form,
 * and the officer's form to open a disclosure from a draft on the notice desk.
 */
import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { isRefusal, refusalOf, showFormAgain, type FormRefusal } from '../../http/forms.js';
import { IdParams } from '../../http/params.js';
import { formField, validate } from '../../http/validate.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { listDisclosures, readDisclosure } from './read.js';
import { BackTo, Comment, OpenDisclosure, Reply } from './schema.js';
import { preSpecificationService } from './service.js';
import { disclosureModel, listModel, openFormModel } from './view.js';

type Csrf = ReturnType<typeof csrfProtection>;

const disclosure = validate({ params: IdParams });
const comment = validate({ params: IdParams, body: Comment });
const reply = validate({ params: IdParams, body: Reply });
const open = validate({ params: IdParams, body: OpenDisclosure });

/** A disclosure's page; a refused comment comes back with what was typed. */
async function disclosurePage(req: Request, res: Response, refusal?: FormRefusal) {
  const found = await readDisclosure(req.actor, String(req.params.id));
  const form = refusal && {
    values: { comment: formField(req, 'comment') ?? '' },
    errors: refusal.errors,
    error: refusal.error,
  };
  res.render('prespec/show', disclosureModel(req, found, form));
}

/**
 * A refused reply shows the disclosure's page again (named by the form) with the message beside
 * that comment; without a page to go back to, the error page.
 */
const showReplyAgain: ErrorRequestHandler = (error, req, res, next) => {
  const back = BackTo.safeParse(req.body ?? {});
  if (!isRefusal(error) || !back.success) return next(error);
  const refusal = refusalOf(error, req);
  const replyError = { id: String(req.params.id), message: refusal.errors.reply ?? req.t('validation:failed') };
  res.status(error.status);
  readDisclosure(req.actor, back.data.preSpecificationId)
    .then((found) => res.render('prespec/show', disclosureModel(req, found, { replyError })))
    .catch(next);
};

export function preSpecificationPages(deps: Deps, csrf: Csrf): Router {
  const router = Router();
  const disclosures = preSpecificationService(deps);

  /** The officer's form to open a disclosure; once one is opened, its page. */
  async function openForm(req: Request, res: Response, refusal?: FormRefusal) {
    const draft = await disclosures.draft(req.actor, String(req.params.id));
    if (draft.existingId && !refusal) return res.redirect(`${req.baseUrl}/pre-specifications/${draft.existingId}`);
    const form = refusal && {
      values: { summary: formField(req, 'summary') ?? '' },
      errors: refusal.errors,
      error: refusal.errors['(body)'] ?? refusal.error,
    };
    res.render('prespec/open', openFormModel(req, draft, form));
  }

  router.get('/pre-specifications', publicRoute, deps.limits.perAddress('public-search'), async (req, res) => {
    res.render('prespec/list', listModel(req, await listDisclosures(req.actor)));
  });

  router.get('/pre-specifications/:id', publicRoute, disclosure, (req, res) => disclosurePage(req, res));

  router.post(
    '/pre-specifications/:id/comments',
    requirePolicy('supplier:read-own'),
    csrf.protect,
    csrf.token,
    comment,
    async (req: Parameters<typeof comment>[0], res: Response) => {
      await disclosures.comment(req.actor, req.params.id, req.body);
      res.redirect(303, `${req.baseUrl}/pre-specifications/${req.params.id}`);
    },
    showFormAgain(disclosurePage),
  );

  router.post(
    '/pre-specification-comments/:id/reply',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    reply,
    async (req: Parameters<typeof reply>[0], res: Response) => {
      const id = await disclosures.reply(req.actor, req.params.id, req.body);
      res.redirect(303, `${req.baseUrl}/pre-specifications/${id}`);
    },
    showReplyAgain,
  );

  router.get(
    '/notices-desk/:id/pre-specification',
    requirePolicy('notices:manage'),
    csrf.token,
    disclosure,
    (req, res) => openForm(req, res),
  );

  router.post(
    '/notices-desk/:id/pre-specification',
    requirePolicy('notices:manage'),
    csrf.protect,
    csrf.token,
    open,
    async (req: Parameters<typeof open>[0], res: Response) => {
      const opened = await disclosures.open(req.actor, req.params.id, req.body);
      res.redirect(303, `${req.baseUrl}/pre-specifications/${opened.id}`);
    },
    showFormAgain(openForm),
  );

  return router;
}
