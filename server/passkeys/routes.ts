/**
 * The account's passkeys page: list, register (the browser asks for options, creates the
 * credential on this device, and posts the answer with a label), remove. Registration and removal
 * are audited by the service (registration.ts).
 */
import { Router, type Request, type Response } from 'express';
import type { Deps } from '../deps.js';
import { showFormAgain, type FormPage } from '../http/forms.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { requirePolicy } from '../identity/policy.js';
import { PasskeyInvalidError } from './errors.js';
import { passkeysPageModel } from './read.js';
import { listPasskeys, registerPasskey, registrationOptions, removePasskey } from './registration.js';
import { relyingParty } from './relying-party.js';
import { RegisterForm, RemoveParams } from './schema.js';
import { fresh } from './session-data.js';

type Csrf = ReturnType<typeof csrfProtection>;

export function passkeyPages(deps: Pick<Deps, 'audit' | 'publicUrl'>, csrf: Csrf): Router {
  const router = Router();

  const page: FormPage = async (req, res, refusal) => {
    res.render('passkeys/list', passkeysPageModel(req, await listPasskeys(req.actor), refusal));
  };

  router.get('/account/passkeys', requirePolicy('account:use'), csrf.token, (req, res) => page(req, res));

  router.post('/account/passkeys/options', requirePolicy('account:use'), csrf.protect, async (req, res) => {
    const options = await registrationOptions(req.actor, relyingParty(req, deps.publicUrl));
    req.session.passkeyRegistration = { challenge: options.challenge, at: Date.now() };
    res.json(options);
  });

  const register = async (req: Request, res: Response) => {
    const ceremony = req.session.passkeyRegistration;
    delete req.session.passkeyRegistration;
    if (!ceremony || !fresh(ceremony)) throw new PasskeyInvalidError('expired');
    const body = req.body as ReturnType<typeof RegisterForm.parse>;
    await registerPasskey(deps, req.actor, {
      rp: relyingParty(req, deps.publicUrl),
      challenge: ceremony.challenge,
      label: body.label,
      response: body.response,
    });
    res.redirect(303, `${req.baseUrl}/account/passkeys`);
  };
  router.post(
    '/account/passkeys',
    requirePolicy('account:use'),
    csrf.protect,
    csrf.token,
    validate({ body: RegisterForm }),
    register,
    showFormAgain(page),
  );

  router.post(
    '/account/passkeys/:id/remove',
    requirePolicy('account:use'),
    csrf.protect,
    validate({ params: RemoveParams }),
    async (req, res) => {
      await removePasskey(deps, req.actor, req.params.id);
      res.redirect(303, `${req.baseUrl}/account/passkeys`);
    },
  );
  return router;
}
