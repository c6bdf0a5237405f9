// Datu Soban field app: keeps the app's shell for use offline. The work itself lives
// in IndexedDB, encrypted by the page's script; nothing personal passes through here.
const CACHE = "lapangan-{{ versi }}";
const SHELL = {{ berkas|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("lapangan-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!SHELL.includes(url.pathname)) return;  // the work and the visits: always the network
  // The shell: the network first (a fresh page, a fresh form token), the cache offline.
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request, { ignoreSearch: true, ignoreVary: true }))
  );
});
