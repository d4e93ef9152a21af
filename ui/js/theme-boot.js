// Runs synchronously in <head>, before the body exists, so the stored theme and zoom apply before the first paint.
// Classic script (not a module) on purpose: modules are deferred and would paint the wrong theme first.
(function () {
  var pref = 'system';
  var zoom = 1;
  try {
    var stored = localStorage.getItem('palette.theme');
    if (stored === 'light' || stored === 'dark' || stored === 'system') pref = stored;
    var z = parseFloat(localStorage.getItem('palette.zoom') || '1');
    if (z >= 0.5 && z <= 2) zoom = z;
  } catch (e) { /* storage disabled: fall back to the system theme */ }
  var dark = pref === 'dark' || (pref === 'system' && window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  var root = document.documentElement;
  root.dataset.theme = dark ? 'dark' : 'light';
  root.dataset.themePref = pref;
  if (zoom !== 1) root.style.zoom = String(zoom);
  // Exposed so tests (and curious users) can see what was applied before the body was parsed.
  window.__paletteBoot = { theme: root.dataset.theme, pref: pref, zoom: zoom, bodyParsed: document.body !== null };
})();
