// Starts the app: instantiates the WebAssembly module (the only request after the page's
// own files), then narrows the page's connections to one file before any user data is
// handled: the PromQL module (diagnose_promql_bg.wasm), fetched from this site the first
// time a tab holds a query.
import init, { start } from './diagnose_web.js';

const PROMQL_JS = './diagnose_promql.js';
const PROMQL_WASM = new URL('diagnose_promql_bg.wasm', import.meta.url);

// A second policy: the effective policy is the intersection of both, so from now on the only
// connection the page can open is a GET of that file (CSP ignores a query string, but the
// page never adds one; the browser tests check every request).
function allowOnlyThePromqlModule() {
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = `connect-src ${PROMQL_WASM.origin}${PROMQL_WASM.pathname}`;
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

init({ module_or_path: new URL('diagnose_web_bg.wasm', import.meta.url) })
  .then(() => {
    performance.mark('diagnose:wasm-ready');
    allowOnlyThePromqlModule();
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
