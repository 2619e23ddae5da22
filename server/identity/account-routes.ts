/** The signed-in user's own account: overview and second-factor enrolment (with recovery codes). */
import { Router, type RequestHandler } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { showFormAgain, type FormPage } from '../http/forms.js';
import { validate } from '../http/validate.js';
import { accountPageModel, enrolPageModel } from './account-view.js';
import type { csrfProtection } from './csrf.js';
import { enrolmentService } from './enrolment.js';
import { showMessage } from './message-page.js';
import { requirePolicy, signedInRoute } from './policy.js';

type Csrf = ReturnType<typeof csrfProtection>;
/** A code that does not parse is a wrong one. */
const CodeForm = z.object({ code: z.string().max(12) }).catch({ code: '' });

export function accountRoutes(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const enrolment = enrolmentService(services);

  router.get('/account', requirePolicy('account:use'), csrf.token, (req, res) => {
    res.render('identity/account', accountPageModel(req, req.actor.user!));
  });

  router.get('/account/second-factor', signedInRoute, csrf.token, async (req, res) => {
    const user = req.actor.user!;
    if (user.secondFactorEnabled)
      return showMessage(req, res, { title: 'identity:enrol_title', message: 'identity:enrol_already' });
    const { secret, sealed } = await enrolment.start(req.actor);
    req.session.enrolment = sealed;
    res.render('identity/enrol', await enrolPageModel(req, user, secret));
  });

  /** The enrolment page again, with the secret under way and the refusal's message. */
  const enrolAgain: FormPage = async (req, res, refusal) => {
    const secret = await enrolment.secretOf(req.actor, req.session.enrolment!);
    res.render('identity/enrol', { ...(await enrolPageModel(req, req.actor.user!, secret)), error: refusal?.error });
  };

  const enrol: RequestHandler<ParamsDictionary, unknown, z.infer<typeof CodeForm>> = async (req, res) => {
    const sealed = req.session.enrolment;
    if (!sealed || req.actor.user!.secondFactorEnabled) return res.redirect(303, `${req.baseUrl}/account`);
    const codes = await enrolment.enable(req.actor, { sealed, code: req.body.code });
    delete req.session.enrolment;
    res.render('identity/recovery-codes', { title: req.t('identity:recovery_title'), codes });
  };
  router.post(
    '/account/second-factor',
    signedInRoute,
    csrf.protect,
    csrf.token,
    validate({ body: CodeForm }),
    enrol,
    showFormAgain(enrolAgain),
  );

  return router;
}
