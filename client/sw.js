// Campaign Desk's service worker: the app shell (this version's page, boot script, style,
// icons and the app build of the role that uses this browser) is kept so the app opens
// and reloads without a connection; drafts and the outbox are in local storage already.
// API answers are never cached here: they are personal and must be current.
// Built by server/build.rs: the placeholders are filled with this version's hashed asset names.
const VERSION = '{{VERSION}}';
const CACHE = 'campaign-desk-' + VERSION;
const SHELL = {{SHELL}};
const BUNDLES = {{BUNDLES}};
const variant = new URL(self.location).searchParams.get('variant') === 'staff' ? 'staff' : 'store';

self.addEventListener('install', (event) => {
  // The API (and the live stream above all) never passes through this worker where the
  // browser can route around it (Chromium's static routing): a stream seen by the worker
  // would hold up the next version's activation, and with it the next page.
  if (event.addRoutes) {
    event.addRoutes([{ condition: { urlPattern: '/api/*' }, source: 'network' }]).catch(() => {});
  }
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(SHELL.concat(BUNDLES[variant])))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('campaign-desk-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The page: from the network when it answers (a new version arrives at once), else
    // the last one seen. A shop's line that connects but does not answer (the page is a
    // few hundred bytes) gets the kept page after 3 seconds rather than a blank wait.
    const fromNetwork = fetch(request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put('/', copy));
      }
      return response;
    });
    const kept = () => caches.open(CACHE).then((cache) => cache.match('/'));
    const failed = fromNetwork.catch(() => kept().then((hit) => hit || Response.error()));
    const slow = new Promise((resolve) => setTimeout(resolve, 3000)).then(kept).then((hit) => hit || failed);
    event.respondWith(Promise.race([failed, slow]));
    return;
  }
  if (url.pathname.startsWith('/assets/') || url.pathname === '/manifest.webmanifest') {
    // Hashed names never change: the cache first.
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request).then((hit) => hit || fetch(request).then((response) => {
          if (response.ok) cache.put(request, response.clone());
          return response;
        })),
      ),
    );
  }
});
