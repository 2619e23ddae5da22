// The print layout's button: the browser's print dialog (no inline script, the CSP stays strict).
for (const button of document.querySelectorAll('[data-print]')) {
  button.addEventListener('click', () => window.print());
}
