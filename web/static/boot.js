// Starts the app: instantiates the WebAssembly module (the only request after the page's
// own files), then forbids every connection before any user data is handled.
import init, { start } from './diagnose_web.js';

function forbidConnections() {
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = "connect-src 'none'";
  document.head.appendChild(meta);
}

init({ module_or_path: new URL('diagnose_web_bg.wasm', import.meta.url) })
  .then(() => {
    performance.mark('diagnose:wasm-ready');
    forbidConnections();
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
