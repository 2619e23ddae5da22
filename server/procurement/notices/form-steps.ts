/**
 * A form page shown again after a refusal needs a fresh CSRF token, also when the refusal came
 * before the token step of its chain (an upload refused before the CSRF check, which reads the
 * token from the multipart body).
 */
import type { FormPage } from '../../http/forms.js';
import type { csrfProtection } from '../../identity/csrf.js';

export type Csrf = ReturnType<typeof csrfProtection>;

export function withCsrfToken(csrf: Csrf, page: FormPage): FormPage {
  return async (req, res, refusal) => {
    await new Promise<void>((resolve) => csrf.token(req, res, () => resolve()));
    return page(req, res, refusal);
  };
}
