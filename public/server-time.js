// Keeps the bid page's server time running: the offset to the server's clock is measured once
// from the rendered value, so the display follows the server, not the visitor's clock.
(() => {
  const el = document.getElementById('server-time');
  if (!el) return;
  const offset = Date.parse(el.getAttribute('datetime')) - Date.now();
  const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: el.dataset.timeZone,
  });
  const tick = () => {
    const at = new Date(Date.now() + offset);
    el.setAttribute('datetime', at.toISOString());
    el.textContent = format.format(at);
  };
  setInterval(tick, 1000);
})();
