// Passkeys in the page (no inline script: the CSP allows same-origin files only). Two forms use it:
// the account's registration form (#passkey-register) and the bid form (#passkey-bid-status in it).
// Each asks the server for WebAuthn options, lets the authenticator answer through
// window.SimpleWebAuthnBrowser (/static/passkeys-webauthn.js), puts the answer in a hidden field
// and submits the form natively. Messages come from the page's data- attributes (translated).
/* global fetch, FormData */
(() => {
  const browser = window.SimpleWebAuthnBrowser;

  // The server's refusal, already in the reader's language (problem+json `title`).
  async function refusal(response, fallback) {
    let text = fallback;
    try {
      text = (await response.json()).title || fallback;
    } catch {
      // not JSON: the generic message
    }
    const error = new Error(text);
    error.fromServer = true;
    return error;
  }

  function setup(form, status, ask, field, start) {
    let sending = false;
    form.addEventListener('submit', async (event) => {
      if (sending || !browser) return;
      event.preventDefault();
      sending = true;
      const button = form.querySelector('button[type=submit]');
      if (button) button.disabled = true;
      status.textContent = status.dataset.msgWorking;
      try {
        const response = await ask();
        // Invalid fields: the server's own form page shows them, so the form goes as it is.
        if (response.status === 422) return form.submit();
        if (!response.ok) throw await refusal(response, status.dataset.msgFailed);
        const answer = await start({ optionsJSON: await response.json() });
        form.elements[field].value = JSON.stringify(answer);
        form.submit();
      } catch (error) {
        // The authenticator's own errors are in English: the page's message stands for them.
        status.textContent = error && error.fromServer ? error.message : status.dataset.msgFailed;
        sending = false;
        if (button) button.disabled = false;
      }
    });
  }

  const register = document.getElementById('passkey-register');
  if (register) {
    const status = document.getElementById('passkey-register-status');
    status.dataset.msgWorking = register.dataset.msgWorking;
    status.dataset.msgFailed = register.dataset.msgFailed;
    const csrf = register.elements._csrf.value;
    setup(
      register,
      status,
      () =>
        fetch(register.dataset.optionsUrl, {
          method: 'POST',
          headers: { 'x-csrf-token': csrf, accept: 'application/json' },
          credentials: 'same-origin',
        }),
      'response',
      (options) => browser.startRegistration(options),
    );
  }

  const bidStatus = document.getElementById('passkey-bid-status');
  const bid = bidStatus && bidStatus.closest('form');
  if (bid) {
    setup(
      bid,
      bidStatus,
      () => {
        const body = new FormData(bid);
        body.delete('passkeyAssertion');
        return fetch(bidStatus.dataset.optionsUrl, {
          method: 'POST',
          body,
          headers: { accept: 'application/json' },
          credentials: 'same-origin',
        });
      },
      'passkeyAssertion',
      (options) => browser.startAuthentication(options),
    );
  }
})();
