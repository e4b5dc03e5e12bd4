// Starts the app: instantiates the WebAssembly module (the only request after the page's
// own files), then narrows the page's connections to named files of this site before any
// user data is handled: the PromQL module (diagnose_promql_bg.wasm), fetched the first time a
// tab holds a query, and the data files (DATA, e.g. the rule pages), fetched the first time
// they are needed: the rule pages, the error knowledge base, the examples' files.
import init, { start } from './diagnose_web.js';

const PROMQL_JS = './diagnose_promql.js';
const PROMQL_WASM = new URL('diagnose_promql_bg.wasm', import.meta.url);
// The data files the page may fetch, by name (web/src/data.rs; each module's DATA_FILE).
const DATA = new Map(['rule-pages.json', 'error-kb.json', 'examples.json']
  .map((n) => [n, new URL(n, import.meta.url)]));

// A second policy: the effective policy is the intersection of both, so from now on the only
// connection the page can open is a GET of one of those files (CSP ignores a query string, but the
// page never adds one; the browser tests check every request).
function allowOnlyTheNamedFiles() {
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  const urls = [PROMQL_WASM, ...DATA.values()].map((u) => `${u.origin}${u.pathname}`);
  meta.content = `connect-src ${urls.join(' ')}`;
  document.head.appendChild(meta);
}

// The bridge the app calls (web/src/promql.rs). `load()` fetches and compiles the module once
// (again after a failure, e.g. when the page was offline); `check(files)` is synchronous once
// loaded.
let loading = null;
let promql = null;
globalThis.diagnosePromql = {
  load() {
    loading ??= import(PROMQL_JS)
      .then(async (m) => {
        await m.default({ module_or_path: PROMQL_WASM });
        performance.mark('diagnose:promql-ready');
        promql = m;
      })
      .catch((err) => {
        loading = null;
        throw err;
      });
    return loading;
  },
  ready: () => promql !== null,
  check: (files) => promql.check(files),
  // The map of the stack (web/src/app/stack_map.rs), drawn by the same module.
  graph: (files) => promql.graph(files),
};

// Data files (the page's, never the user's): `load(name)` fetches one once (a plain GET, no
// query string, no body) and resolves to its text; again after a failure (offline). `now(name)`
// is its text if it has already arrived (else undefined).
const texts = new Map();
const arrived = new Map();
globalThis.diagnoseData = {
  load(name) {
    const url = DATA.get(name);
    if (!url) return Promise.reject(new Error('unknown data file ' + name));
    if (!texts.has(name)) {
      const p = fetch(url).then((r) => {
        if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`);
        return r.text();
      });
      texts.set(name, p);
      p.then((t) => arrived.set(name, t), () => texts.delete(name));
    }
    return texts.get(name);
  },
  now: (name) => arrived.get(name),
};

// A first address that needs a data file (an example, a rule page) fetches it alongside the
// module rather than after it; the app's own `load(name)` then gets the same request. For an
// example, the app starts once the file is in (or failed), so the page is drawn once, with it.
const early = { '#/examples/': 'examples.json', '#/rules/': 'rule-pages.json' };
let before = Promise.resolve();
for (const [prefix, name] of Object.entries(early)) {
  if (location.hash.startsWith(prefix)) {
    const p = globalThis.diagnoseData.load(name).catch(() => {});
    if (name === 'examples.json') before = p;
  }
}

init({ module_or_path: new URL('diagnose_web_bg.wasm', import.meta.url) })
  .then(async () => {
    performance.mark('diagnose:wasm-ready');
    allowOnlyTheNamedFiles();
    await before;
    document.getElementById('loading')?.remove();
    start();
    performance.mark('diagnose:started');
  })
  .catch((err) => {
    const box = document.getElementById('loading');
    if (box) {
      box.classList.add('failed');
      box.textContent =
        'diagnose could not start (' + err + '). It needs a recent browser, and the page must be served over http(s), not opened as a file. · ' +
        'diagnose n’a pas pu démarrer (' + err + '). Il lui faut un navigateur récent, et la page doit être servie en http(s), pas ouverte comme fichier.';
    }
  });
