// Starts the wasm app. A separate file (not an inline script) so the Content-Security-Policy
// can forbid inline scripts. Built by server/build.rs: the placeholders are filled with the
// content-hashed asset names of this version.
//
// Two builds of the app exist: the store managers' (small, what a shop's tablet
// downloads) and the staff's. The last one this browser needed is loaded at once; the app
// switches (and reloads) when a different role logs in.
const VERSION = '{{VERSION}}';
const BUNDLES = {
  store: { js: '{{STORE_JS}}', wasm: '{{STORE_WASM}}' },
  staff: { js: '{{STAFF_JS}}', wasm: '{{STAFF_WASM}}' },
};
const variant = localStorage.getItem('campaign-desk.variant') === 'staff' ? 'staff' : 'store';
const bundle = BUNDLES[variant];

// The staff's pages have a stylesheet of their own; a shop's tablet never loads it.
if (variant === 'staff') {
  const sheet = document.createElement('link');
  sheet.rel = 'stylesheet';
  sheet.href = '{{STAFF_STYLE}}';
  document.head.appendChild(sheet);
}

// The service worker keeps this version's app shell for opening without a connection.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js?variant=' + variant).catch(() => {});
}

const { default: init } = await import(bundle.js);
await init({ module_or_path: bundle.wasm });

// A quiet word when this load brought a new version (never a reload mid-form), once the
// app has taken over the page (mounting it clears the page's body).
const seen = localStorage.getItem('campaign-desk.version');
localStorage.setItem('campaign-desk.version', VERSION);
if (seen && seen !== VERSION) {
  const english = localStorage.getItem('campaign-desk.lang') === '"en"';
  const note = document.createElement('div');
  note.id = 'updated-note';
  note.setAttribute('role', 'status');
  note.textContent = english ? 'Updated to the new version' : '已更新到新版本';
  document.body.appendChild(note);
  setTimeout(() => note.remove(), 5000);
}
