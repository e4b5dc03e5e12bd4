// Starts the app: instantiates the page's WebAssembly module (the only request after the
// page's own files), then narrows the page's connections to named files of this site before
// any user data is handled: the engine module (diagnose_engine_bg.wasm), fetched the first
// time there is something to check, and the data files (DATA), fetched the first time they
// are needed: the rule pages, the error knowledge base, the examples' files.
import init, { start } from './diagnose_web.js';

const ENGINE_WASM = new URL('diagnose_engine_bg.wasm', import.meta.url);
// The data files the page may fetch, by name (web/src/data.rs; each module's DATA_FILE, and
// the engine's messages in each language).
const DATA = new Map(['rule-pages.json', 'error-kb.json', 'examples.json', 'texts-en.json', 'texts-fr.json', 'metric-types.json', 'promql-tables.json']
  .map((n) => [n, new URL(n, import.meta.url)]));

// A second policy: the effective policy is the intersection of both, so from now on the only
// connection the page can open is a GET of one of those files (CSP ignores a query string, but the
// page never adds one; the browser tests check every request).
function allowOnlyTheNamedFiles() {
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  const urls = [ENGINE_WASM, ...DATA.values()].map((u) => `${u.origin}${u.pathname}`);
  meta.content = `connect-src ${urls.join(' ')}`;
  document.head.appendChild(meta);
}

// The bridge the app calls (web/src/engine.rs). `load(lang)` fetches and compiles the engine
// once (again after a failure, e.g. when the page was offline) and gives it its messages in
// `lang` (`en`, `fr`: the data file texts-<lang>.json, fetched alongside; the module carries
// ids only); the other calls are synchronous once it is loaded, and take and return JSON text.
// The exporters' metric types table (PQL003, PQL004) is a data file too, metric-types.json,
// fetched with the module (`loadModule`); should that fetch fail, an analysis that needs it
// answers nothing and asks for it (`wants_metric_types`); `hasTexts` is then false, and the
// page's next `load` fetches it again.
let loading = null;
let engine = null;
const textsIn = new Set();
// The engine's JS glue (2 KB gzip) is imported with its wasm, not with the page. A failed
// import() stays failed for that URL for the page's lifetime, so an import tried again (after
// the page was offline) names the file with another fragment, which is never sent.
let glue = null;
let attempts = 0;
function engineGlue() {
  const url = new URL('diagnose_engine.js', import.meta.url);
  if (attempts > 0) url.hash = `again-${attempts}`;
  glue ??= import(url.href).catch((err) => {
    glue = null;
    attempts += 1;
    throw err;
  });
  return glue;
}
globalThis.diagnoseEngine = {
  load(lang) {
    const name = `texts-${lang}.json`;
    // Fetched alongside the module (a rejection is the Promise.all's).
    const texts = textsIn.has(lang) ? null : globalThis.diagnoseData.load(name);
    return Promise.all([loadModule(), texts]).then(([, text]) => {
      if (!textsIn.has(lang)) {
        if (!guarded(() => engine.provide_texts(lang, text))) throw new Error(`${name}: unreadable`);
        textsIn.add(lang);
        // The other language's file too, once the page is idle (held, given to the engine on
        // the first switch): a page loaded once still switches language offline.
        const other = `texts-${lang === 'en' ? 'fr' : 'en'}.json`;
        const later = globalThis.requestIdleCallback || ((f) => setTimeout(f, 200));
        later(() => globalThis.diagnoseData.load(other).catch(() => {}));
      }
      if (!guarded(() => engine.wants_metric_types())) return undefined;
      return globalThis.diagnoseData.load('metric-types.json').then((table) => {
        if (!guarded(() => engine.provide_metric_types(table))) throw new Error('metric-types.json: unreadable');
      });
    });
  },
  ready: () => engine !== null,
  hasTexts: (lang) => textsIn.has(lang) && !(engine && guarded(() => engine.wants_metric_types())),
  check: (files) => guarded(() => engine.check(files)),
  map: (files, lang) => guarded(() => engine.map(files, lang)),
  explain: (error, files, lang) => guarded(() => engine.explain(error, files, lang)),
  provideKb: (json) => guarded(() => engine.provide_kb(json)),
  kbReady: () => guarded(() => engine.kb_ready()),
};
function loadModule() {
  if (!loading) {
    // The wasm is fetched alongside the glue's import, not after it (the glue's init takes
    // the response's promise); so is the PromQL parser's LR tables' data file
    // (promql-tables.json: the module is built without them), given before any other call.
    const wasm = fetch(ENGINE_WASM);
    wasm.catch(() => {});
    const tables = globalThis.diagnoseData.load('promql-tables.json');
    tables.catch(() => {});
    // The exporters' metric types table too, so that the first analysis of a stack with
    // queries runs once, not once without the table and again with it. Not needed to start:
    // if it failed, an analysis that needs it asks for it again (`wants_metric_types`, above).
    const types = globalThis.diagnoseData.load('metric-types.json');
    types.catch(() => {});
    loading = engineGlue().then(async (api) => {
      await api.default({ module_or_path: wasm });
      const text = await tables;
      if (!guarded(() => api.provide_parser_tables(text))) throw new Error('promql-tables.json: unreadable');
      await types.then((table) => guarded(() => api.provide_metric_types(table)), () => {});
      performance.mark('diagnose:engine-ready');
      engine = api;
    }).catch((err) => {
      loading = null;
      throw err;
    });
  }
  return loading;
}
// A trap in the engine (a panic) is caught by the page, which would carry on without
// answers: show the crash notice too (`crashed`, below), then let the page have the error.
function guarded(call) {
  try {
    return call();
  } catch (err) {
    crashed(err);
    throw err;
  }
}

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

// Share links (web/src/share.rs): raw DEFLATE by the browser's own compression streams, so
// the page's module carries no compressor. `inflate` rejects a stream that is damaged,
// truncated, or larger than `limit` bytes once inflated (read piece by piece, never whole).
async function through(bytes, stream, limit) {
  const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
  const parts = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      reader.cancel().catch(() => {});
      throw new Error('share link too large');
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
globalThis.diagnoseShare = {
  deflate: (bytes) => through(bytes, new CompressionStream('deflate-raw'), Infinity),
  inflate: (bytes, limit) => through(bytes, new DecompressionStream('deflate-raw'), limit),
};

// A first address that needs a data file (an example, a rule page or the index of rules)
// fetches it alongside the module rather than after it; the app's own `load(name)` then gets
// the same request. For an example, the app starts once the file is in (or failed), so the
// page is drawn once, with it.
// An example or a share link has files to check at once: the engine is fetched alongside too.
const early = { '#/examples/': 'examples.json', '#/rules': 'rule-pages.json' };
let before = Promise.resolve();
for (const [prefix, name] of Object.entries(early)) {
  if (location.hash.startsWith(prefix)) {
    const p = globalThis.diagnoseData.load(name).catch(() => {});
    if (name === 'examples.json') before = p;
  }
}
// The language the app will start in (web/src/app.rs, `initial_lang`): the address's, the
// one remembered, the browser's; English otherwise.
function firstLang() {
  const pick = (v) => (v || '').trim().toLowerCase().slice(0, 2);
  let stored = null;
  try {
    stored = localStorage.getItem('diagnose.lang');
  } catch {}
  for (const l of [location.hash.match(/[?&]lang=([^&]*)/)?.[1], stored, navigator.language]) {
    if (pick(l) === 'en' || pick(l) === 'fr') return pick(l);
  }
  return 'en';
}
if (location.hash.startsWith('#/examples/') || /[?&]s=/.test(location.hash)) {
  globalThis.diagnoseEngine.load(firstLang()).catch(() => {});
}

// Both modules are built with `panic = immediate-abort` (web/build.sh): a panic is a trap, which
// the browser throws as a WebAssembly.RuntimeError out of the event handler or promise that ran
// the module. The page's module is dead after that: say so on the page rather than leave a page
// that silently stops answering. (A trap in an engine call is caught by the page: `guarded`, above,
// shows the notice for it.)
function crashed(err) {
  if (!(err instanceof WebAssembly.RuntimeError) || document.querySelector('.crash')) return;
  const p = document.createElement('p');
  p.className = 'crash';
  p.setAttribute('role', 'alert');
  p.textContent =
    'diagnose stopped on an internal error; reload the page to continue. Please report it with the files that caused it. · ' +
    'diagnose s’est arrêté sur une erreur interne ; rechargez la page pour continuer, et signalez-la avec les fichiers qui l’ont provoquée. (' +
    err.message + ')';
  document.body.prepend(p);
}
addEventListener('error', (e) => crashed(e.error));
addEventListener('unhandledrejection', (e) => crashed(e.reason));

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
