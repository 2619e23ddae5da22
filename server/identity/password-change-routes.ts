/**
 * A signed-in user changes their own password (password-change.ts). This session carries on with
 * the new stamp; every other one ends.
 */
import { Router, type RequestHandler } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { showFormAgain, type FormPage } from '../http/forms.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from './csrf.js';
import { sendRetryAfter } from './login-flow.js';
import { showMessage } from './message-page.js';
import { passwordChangeService } from './password-change.js';
import { requirePolicy } from './policy.js';

type Csrf = ReturnType<typeof csrfProtection>;
/** A form that does not parse is a wrong current password (and throttled like one). */
const ChangeForm = z
  .object({ current_password: z.string().max(1024), password: z.string().max(1024) })
  .catch({ current_password: '', password: '' });

const changePage: FormPage = (req, res, refusal) => {
  res.render('identity/change-password', { title: req.t('identity:change_password_title'), errors: refusal?.errors });
};

export function passwordChangeRoutes(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const passwords = passwordChangeService(services);

  router.get('/account/password', requirePolicy('account:use'), csrf.token, (req, res) => changePage(req, res));

  const change: RequestHandler<ParamsDictionary, unknown, z.infer<typeof ChangeForm>> = async (req, res, next) => {
    const user = await passwords.change(req.actor, req.body);
    // A fresh session id with the new stamp: this browser stays signed in, every other one is not.
    req.login(user, (error) => {
      if (error) return next(error);
      showMessage(req, res, {
        title: 'identity:change_password_title',
        message: 'identity:change_password_done',
        link: `${req.baseUrl}/account`,
      });
    });
  };
  router.post(
    '/account/password',
    requirePolicy('account:use'),
    csrf.protect,
    csrf.token,
    validate({ body: ChangeForm }),
    change,
    sendRetryAfter,
    showFormAgain(changePage),
  );

  return router;
}
