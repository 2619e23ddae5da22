/**
 * The invitation page: the invitee chooses a password (admin/invitations.ts). A used, expired or
 * unknown invitation gets a 410 page; signing in comes next, where staff roles must enrol their
 * second factor.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import type { Deps } from '../deps.js';
import type { FormRefusal } from '../http/forms.js';
import { showFormAgain } from '../http/forms.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { publicRoute } from '../identity/policy.js';
import { invitations, readInvitation } from './invitations.js';
import { AcceptForm, InvitationQuery } from './schema.js';

type Csrf = ReturnType<typeof csrfProtection>;

function gone(req: Request, res: Response) {
  res
    .status(410)
    .render('identity/message', { title: req.t('admin:invitation_title'), message: req.t('admin:invitation_invalid') });
}

/** The password form of an invitation (its token from the link, or as posted), or the 410 page. */
async function invitationPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const token = refusal ? refusal.values.token : req.query.token;
  const invitee = typeof token === 'string' ? await readInvitation(req.actor, token) : undefined;
  if (!invitee) return gone(req, res);
  res.render('admin/invitation', {
    title: req.t('admin:invitation_title'),
    token,
    ...invitee,
    ...(refusal ? { errors: refusal.errors } : {}),
  });
}

export function invitationPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const invitation = invitations(services);

  const accept: RequestHandler<ParamsDictionary, unknown, { token: string; password: string }> = async (req, res) => {
    if ((await invitation.accept(req.actor, req.body)) === 'invalid') return gone(req, res);
    res.render('identity/message', {
      title: req.t('admin:invitation_title'),
      message: req.t('admin:invitation_done'),
      link: `${req.baseUrl}/login`,
    });
  };

  router.get('/invitation', publicRoute, csrf.token, validate({ query: InvitationQuery }), (req, res) =>
    invitationPage(req, res),
  );
  router.post(
    '/invitation',
    publicRoute,
    csrf.protect,
    csrf.token,
    validate({ body: AcceptForm }),
    accept,
    showFormAgain(invitationPage),
  );
  return router;
}
