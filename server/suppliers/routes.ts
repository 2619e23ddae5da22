/**
 * Supplier pages: public registration, and the company's own page (status, validity, debarment,
 * documents, colleagues, change of legal identity).
 */
import { Router, type Request, type RequestHandler } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { showFormAgain, type FormPage } from '../http/forms.js';
import { tenantLink } from '../http/origin.js';
import { validate } from '../http/validate.js';
import type { csrfProtection } from '../identity/csrf.js';
import { publicRoute, requirePolicy } from '../identity/policy.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { documentsUpload } from './documents.js';
import { ownSupplierAccount, type IdentityInput } from './own-account.js';
import { readOwnSupplier } from './read.js';
import { supplierRegistration, type RegistrationFields } from './registration.js';
import { identitySchema, PeopleForm, registrationSchema } from './schema.js';
import { ownSupplierView, registerPage, UPLOAD_FORM } from './view.js';

type Csrf = ReturnType<typeof csrfProtection>;
type Body<T> = RequestHandler<ParamsDictionary, unknown, T>;

const registrationForm = ({ config }: TenantHandle) =>
  registrationSchema(config.locales.supported, config.locales.default);
const identityForm = ({ config }: TenantHandle) => identitySchema(config.locales.supported, config.locales.default);
const ColleagueForm = z.object({ email: z.email().max(320), name: z.string().trim().min(1).max(200) });

/** The messages the company's own forms end with, back to its page. */
const done = (req: Request, message: string) => ({
  title: req.t('suppliers:own_title'),
  message: req.t(message),
  link: `${req.baseUrl}/supplier`,
});

function handlers(services: Deps) {
  const registration = supplierRegistration(services);
  const own = ownSupplierAccount(services);
  const link = (req: Request) => (path: string) => tenantLink(req, services.publicUrl, path);

  const register: Body<RegistrationFields> = async (req, res) => {
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    await registration.register(req.actor, { fields: req.body, files, link: link(req) });
    res.render('identity/message', {
      title: req.t('suppliers:register_title'),
      message: req.t('suppliers:register_done'),
    });
  };
  const changeIdentity: Body<IdentityInput> = async (req, res) => {
    const outcome = await own.changeIdentity(req.actor, req.body);
    res.render('identity/message', done(req, `suppliers:identity_${outcome}`));
  };
  const renew: RequestHandler = async (req, res) => {
    await own.requestRenewal(req.actor);
    res.render('identity/message', done(req, 'suppliers:renewal_requested'));
  };
  const inviteColleague: Body<z.infer<typeof ColleagueForm>> = async (req, res) => {
    await own.inviteColleague(req.actor, { ...req.body, link: link(req) });
    res.redirect(303, `${req.baseUrl}/supplier`);
  };
  const changePeople: Body<Record<string, unknown>> = async (req, res) => {
    await own.changePeople(req.actor, req.body);
    res.redirect(303, `${req.baseUrl}/supplier`);
  };
  return { register, changeIdentity, renew, inviteColleague, changePeople };
}

export function supplierPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const on = handlers(services);
  const registerForm = registerPage(csrf);
  const manageOwn = requirePolicy('supplier:manage-own');

  router.get('/register', publicRoute, csrf.token, (req, res) => registerForm(req, res));
  // The upload first (the CSRF token travels inside the multipart body); a refused upload stores nothing.
  router.post(
    '/register',
    publicRoute,
    services.limits.perAddress('supplier-registration'),
    documentsUpload,
    showFormAgain(registerForm, UPLOAD_FORM),
    csrf.protect,
    validate({ body: registrationForm }),
    on.register,
    showFormAgain(registerForm),
  );

  const ownPage: FormPage = async (req, res, refusal) => {
    res.render('suppliers/own', ownSupplierView(req, await readOwnSupplier(req.actor), refusal));
  };
  router.get('/supplier', requirePolicy('supplier:read-own'), csrf.token, (req, res) => ownPage(req, res));
  router.post('/supplier/identity', manageOwn, csrf.protect, validate({ body: identityForm }), on.changeIdentity);
  router.post('/supplier/renew', manageOwn, csrf.protect, on.renew);
  router.post(
    '/supplier/people',
    manageOwn,
    csrf.protect,
    csrf.token,
    validate({ body: PeopleForm }),
    on.changePeople,
    showFormAgain(ownPage),
  );
  router.post('/supplier/users', manageOwn, csrf.protect, validate({ body: ColleagueForm }), on.inviteColleague);
  return router;
}
