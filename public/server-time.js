// Keeps the bid page's server time running: the offset to the server's clock is measured once
// from the rendered value, so the display follows the server, not the visitor's clock. It formats
// as the server did (the page's Intl locale with the tenant's numbering system, full date and
// short time). A browser without data for the page's language (Chromium has none for Central
// Kurdish or Khmer) would format it in English: there the server's text stays as rendered, correct
// to the minute the page was opened.
(() => {
  const el = document.getElementById('server-time');
  if (!el) return;
  const locale = el.dataset.locale || document.documentElement.lang;
  if (!locale || Intl.DateTimeFormat.supportedLocalesOf([locale]).length === 0) return;
  const offset = Date.parse(el.getAttribute('datetime')) - Date.now();
  const format = new Intl.DateTimeFormat(locale, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: el.dataset.timeZone,
  });
  const text = el.querySelector('bdi') || el;
  const tick = () => {
    const at = new Date(Date.now() + offset);
    el.setAttribute('datetime', at.toISOString());
    text.textContent = format.format(at);
  };
  setInterval(tick, 1000);
})();
