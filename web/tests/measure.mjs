// Measures the web app's budgets (reported, not asserted): transfer size, time to first
// diagnostics on a loaded example, re-lint time after a keystroke, weight of the French texts.
// Run through web/measure.sh (which builds dist/ first).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WEB = path.resolve(HERE, '..');
const DIST = path.join(WEB, 'dist');
const SEEDS = path.resolve(WEB, '../tests/fixtures/seeds');
const RUNS = Number(process.env.RUNS || 7);
const KEYS = Number(process.env.KEYS || 40);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
const br = (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

// ---- 1. Weight: the first load, and the whole app ----
const server = await serve(DIST, { prefix: '/measure/', gzip: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const weigh = (f) => { const b = fs.readFileSync(path.join(DIST, f)); return { raw: b.length, gz: gz(b), br: br(b) }; };
const row = (name, w) => `${name.padEnd(28)} raw ${kb(w.raw).padStart(10)}  gzip ${kb(w.gz).padStart(9)}  brotli ${kb(w.br).padStart(9)}`;
const add = (t, w) => { for (const k of Object.keys(t)) t[k] += w[k]; };
/** Files of dist/ the browser fetches while `act` runs, until the network is idle. */
async function fetchedBy(page, act) {
  const seen = [];
  const on = (r) => { const u = new URL(r.url()); if (u.pathname.startsWith('/measure/')) seen.push(u.pathname.slice('/measure/'.length) || 'index.html'); };
  page.on('requestfinished', on);
  await act();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(600);
  page.off('requestfinished', on);
  return [...new Set(seen)];
}
{
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const first = await fetchedBy(page, async () => {
    await page.goto(`${server.url}#/?lang=en`, { waitUntil: 'networkidle' });
    await page.waitForSelector('.app');
  });
  console.log('## First load: what the browser fetches until the page is idle (first visit, #/)');
  const tot = { raw: 0, gz: 0, br: 0 };
  for (const f of first) { const w = weigh(f); add(tot, w); console.log(row(f, w)); }
  console.log(`${row('first load', tot)}   (budget: gzip <= 200 KB)`);
  const later = await fetchedBy(page, () => page.goto(`${server.url}#/examples/esxi?lang=en`));
  const more = { raw: 0, gz: 0, br: 0 };
  console.log('\n## Fetched when an example is first chosen: its files and the engine (the ESXi example)');
  for (const f of later) { const w = weigh(f); add(more, w); console.log(row(f, w)); }
  console.log(row('on demand', more));
  const pages = await fetchedBy(page, () => page.goto(`${server.url}#/rules/NET001?lang=en`));
  const data = { raw: 0, gz: 0, br: 0 };
  console.log('\n## Fetched when a rule page is first shown');
  for (const f of pages) { const w = weigh(f); add(data, w); console.log(row(f, w)); }
  console.log(row('on demand', data));
  await page.goto(`${server.url}#/?lang=en`);
  const explained = await fetchedBy(page, async () => {
    await page.fill('#explain-input', 'HTTP Error Bad Gateway');
    await page.waitForSelector('.explain-result [data-state="found"]');
  });
  const kbw = { raw: 0, gz: 0, br: 0 };
  console.log('\n## Fetched when an error is first explained');
  for (const f of explained) { const w = weigh(f); add(kbw, w); console.log(row(f, w)); }
  console.log(row('on demand', kbw));
  await ctx.close();
}
console.log('\n## The whole app: every wasm, JS, CSS and data (JSON) file of dist/');
const whole = { raw: 0, gz: 0, br: 0 };
const code = { raw: 0, gz: 0, br: 0 };
for (const f of fs.readdirSync(DIST).filter((f) => /\.(wasm|js|css|json)$/.test(f)).sort()) {
  const w = weigh(f);
  add(whole, w);
  if (!f.endsWith('.json')) add(code, w);
  console.log(row(f, w));
}
console.log(`${row('wasm+JS+CSS', code)}   (budget: gzip <= 600 KB)`);
console.log(row('with the data files', whole));

// ---- 2. French texts inside the wasm ----
if (process.env.FRENCH_JSON && fs.existsSync(process.env.FRENCH_JSON)) {
  // Longest first: a message quoted inside a page must not break the page's match.
  const pairs = JSON.parse(fs.readFileSync(process.env.FRENCH_JSON, 'utf8'))
    .sort((a, b) => Buffer.byteLength(b[1]) - Buffer.byteLength(a[1]));
  const wasm = Buffer.from(fs.readFileSync(path.join(DIST, 'diagnose_web_bg.wasm')));
  const blanked = Buffer.from(wasm);
  let found = 0, bytes = 0, missing = 0;
  for (const [en, fr] of pairs) {
    if (fr === en || Buffer.byteLength(fr) < 6) continue;
    const needle = Buffer.from(fr, 'utf8');
    let at = blanked.indexOf(needle);
    if (at < 0) { missing++; continue; }
    while (at >= 0) { blanked.fill(0, at, at + needle.length); found++; bytes += needle.length; at = blanked.indexOf(needle, at + needle.length); }
  }
  console.log('\n## French texts in the first module (blanked out of the data section, then compressed)');
  console.log(`${found} French strings, ${kb(bytes)} raw (${missing} not found verbatim, e.g. merged by the linker)`);
  console.log(`gzip cost of French: ${kb(gz(wasm) - gz(blanked))}   brotli: ${kb(br(wasm) - br(blanked))}`);
  // The error knowledge base holds its French inside each YAML file (`fr:` fields): weigh
  // the files with and without those fields.
  const dir = path.resolve(WEB, '../rules/errors');
  if (fs.existsSync(dir)) {
    const all = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
    const out = [];
    let skip = -1;
    for (const line of all.split('\n')) {
      const indent = line.match(/^ */)[0].length;
      if (skip >= 0 && (line.trim() === '' || indent > skip)) continue;
      skip = -1;
      const m = line.match(/^( *)(- )?fr:/);
      if (m) { skip = m[1].length + (m[2] ? 2 : 0); continue; }
      out.push(line);
    }
    const a = Buffer.from(all), b = Buffer.from(out.join('\n'));
    console.log(`error knowledge base (rules/errors): French fields ${kb(a.length - b.length)} raw, gzip ${kb(gz(a) - gz(b))}, brotli ${kb(br(a) - br(b))}`);
  }
}


// ---- 3. Navigation to first diagnostics ----
console.log(`\n## Navigation to first diagnostics (cold load of #/examples/<seed>, ${RUNS} runs, gzip transfer on loopback)`);
const seeds = fs.readdirSync(SEEDS).filter((s) => fs.existsSync(path.join(SEEDS, s, 'broken'))).sort();
const allNav = [];
const allCached = [];
for (const seed of seeds) {
  const times = [];
  const cached = [];
  let count = 0;
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.addInitScript(() => {
      new MutationObserver(() => {
        if (window.__first) return;
        const d = document.getElementById('diagnostics');
        // Once the example's files are in (their data file is fetched the first time) and
        // the engine (fetched alongside) has answered.
        if (d && Number(d.dataset.seq) >= 1 && d.dataset.example === 'none' && d.dataset.engine === 'ready'
          && document.querySelectorAll('[role="tab"]').length > 1 && d.querySelector('li.diag, .state')) {
          window.__first = performance.now();
        }
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    await page.goto(`${server.url}#/examples/${seed}?lang=en`);
    await page.waitForFunction(() => window.__first);
    times.push(await page.evaluate(() => window.__first));
    // Again in the same context: the modules and data files now come from the HTTP cache.
    await page.goto('about:blank');
    await page.goto(`${server.url}#/examples/${seed}?lang=en`);
    await page.waitForFunction(() => window.__first);
    cached.push(await page.evaluate(() => window.__first));
    count = await page.locator('li.diag').count();
    await ctx.close();
  }
  allNav.push(...times);
  allCached.push(...cached);
  const pq = `   cached: median ${median(cached).toFixed(0)} ms`;
  console.log(`${seed.padEnd(10)} median ${median(times).toFixed(0).padStart(4)} ms   max ${Math.max(...times).toFixed(0).padStart(4)} ms   (${count} diagnostics)${pq}`);
}
console.log(`all seeds  median ${median(allNav).toFixed(0)} ms, cached ${median(allCached).toFixed(0)} ms   (budget: < 300 ms once the module is cached)`);

// ---- 4. Re-lint after a keystroke, 300-line 4-file stack ----
function stack() {
  const apps = Array.from({ length: 10 }, (_, i) => `app${i + 1}`);
  const compose = ['# notes: measurement stack', 'services:',
    '  prometheus:', '    image: prom/prometheus:v2.53.0', '    ports:', '      - "9090:9090"', '    volumes:',
    '      - ./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml', '      - prometheus_data:/prometheus',
    '    networks: [monitoring]',
    '  grafana:', '    image: grafana/grafana:11.2.0', '    ports:', '      - "3000:3000"', '    volumes:',
    '      - ./grafana/provisioning:/etc/grafana/provisioning', '      - grafana_data:/var/lib/grafana',
    '    environment:', '      GF_SECURITY_ADMIN_USER: admin', '    networks: [monitoring]',
    ...apps.flatMap((a, i) => [`  ${a}:`, `    image: example/${a}:1.${i}`, '    ports:', `      - "${8000 + i}:8000"`,
      '    environment:', `      APP_NAME: ${a}`, '      LOG_LEVEL: info', '    networks: [monitoring]',
      '    restart: unless-stopped', '    healthcheck:', '      test: ["CMD", "wget", "-qO-", "http://localhost:8000/health"]', '      interval: 30s']),
    'volumes:', '  prometheus_data: {}', '  grafana_data: {}', 'networks:', '  monitoring: {}'];
  const prom = ['global:', '  scrape_interval: 15s', '  evaluation_interval: 15s', 'scrape_configs:',
    '  - job_name: prometheus', '    static_configs:', '      - targets: ["localhost:9090"]',
    ...apps.flatMap((a, i) => [`  - job_name: ${a}`, '    metrics_path: /metrics', '    scrape_interval: 30s',
      '    static_configs:', `      - targets: ["${i % 3 === 0 ? 'localhost' : a}:8000"]`, '        labels:', `          team: team${i % 3}`])];
  const ds = ['apiVersion: 1', 'datasources:', '  - name: Prometheus', '    type: prometheus', '    access: proxy',
    '    url: http://localhost:9090', '    isDefault: true', '    jsonData:', '      timeInterval: 15s'];
  const panels = Array.from({ length: 6 }, (_, i) => [
    '    {', `      "id": ${i + 1},`, '      "type": "timeseries",', `      "title": "Panel ${i + 1}",`,
    '      "datasource": { "type": "prometheus", "uid": "prometheus" },',
    `      "gridPos": { "h": 8, "w": 12, "x": ${(i % 2) * 12}, "y": ${Math.floor(i / 2) * 8} },`,
    '      "targets": [', `        { "expr": "rate(http_requests_total{job=\\"app${i + 1}\\"}[5m])", "refId": "A" }`, '      ]',
    `    }${i < 5 ? ',' : ''}`]).flat();
  const dash = ['{', '  "title": "Apps",', '  "uid": "apps",', '  "schemaVersion": 39,', '  "panels": [', ...panels, '  ]', '}'];
  return [
    ['docker-compose.yml', compose.join('\n') + '\n'],
    ['prometheus/prometheus.yml', prom.join('\n') + '\n'],
    ['grafana/provisioning/datasources/prometheus.yml', ds.join('\n') + '\n'],
    ['grafana/dashboards/apps.json', dash.join('\n') + '\n'],
  ];
}
const files = stack();
const lines = files.reduce((n, [, t]) => n + t.split('\n').length - 1, 0);
const data = zlib.deflateRawSync(Buffer.from(JSON.stringify({ v: 1, f: files })), { level: 9 }).toString('base64url');
const ctx = await browser.newContext();
const page = await ctx.newPage();
await page.goto(`${server.url}#/?lang=en&s=${data}`);
await page.waitForSelector('#diagnostics[data-seq="1"]');
await page.click('[role="tab"]:has-text("docker-compose.yml")');
const diagCount = await page.locator('li.diag').count();
const samples = await page.evaluate(async (n) => {
  const ta = document.getElementById('editor-text');
  const diag = document.getElementById('diagnostics');
  const out = [];
  for (let i = 0; i < n; i++) {
    const seq0 = Number(diag.dataset.seq);
    const done = new Promise((resolve) => {
      let last = 0;
      let settled = false;
      const obs = new MutationObserver(() => {
        last = performance.now();
        if (!settled && Number(diag.dataset.seq) > seq0) {
          settled = true;
          setTimeout(() => { obs.disconnect(); resolve(last); }, 40);
        }
      });
      obs.observe(diag, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const at = ta.value.indexOf('# notes') + 7;
    const tKey = performance.now();
    ta.setRangeText('x', at, at, 'end');
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'x' }));
    const end = await done;
    out.push({
      work: end - Number(diag.dataset.started), core: Number(diag.dataset.coreMs),
      read: Number(diag.dataset.readMs), total: end - tKey,
    });
  }
  return out;
}, KEYS);
await ctx.close();
console.log(`\n## Re-lint after a keystroke (${files.length} files, ${lines} lines, ${diagCount} diagnostics, ${KEYS} keystrokes)`);
const w = samples.map((s) => s.work), c = samples.map((s) => s.core), r = samples.map((s) => s.read);
const t = samples.map((s) => s.total);
console.log(`analysis + render: median ${median(w).toFixed(2)} ms, p90 ${pct(w, 0.9).toFixed(2)} ms   (budget: < 16 ms median)`);
console.log(`  of which the engine module (check, views in each language it has texts for, JSON): median ${median(c).toFixed(2)} ms; the page reading its answer: median ${median(r).toFixed(2)} ms`);
console.log(`keystroke to updated list, with the 120 ms typing pause: median ${median(t).toFixed(1)} ms`);

await browser.close();
await server.close();
