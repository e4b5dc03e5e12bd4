// Real-browser tests of the web app: headless Chromium (Debian's /usr/bin/chromium) driven by
// playwright-core, against web/dist served from a sub-path on 127.0.0.1.
//
// Run with web/test.sh (builds dist/ and the CLI first), or `node --test` here once built.
// Screenshots of the main states go to web/tests/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const DIST = path.join(ROOT, 'web/dist');
const SEEDS = path.join(ROOT, 'tests/fixtures/seeds');
const SHOTS = path.join(HERE, 'screenshots');
const PREFIX = '/some/sub/path/';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync',
];

let server;
let browser;
let cli;

function cliPath() {
  const meta = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: ROOT }));
  return path.join(meta.target_directory, 'debug', 'diagnose');
}

function runCli(args) {
  try {
    return execFileSync(cli, args, { cwd: ROOT, encoding: 'utf8' });
  } catch (e) {
    // Exit code 1 means "errors found"; the output is still the report.
    if (e.status === 1 && e.stdout) return e.stdout;
    throw e;
  }
}

function cliCheck(dir, lang) {
  return JSON.parse(runCli(['check', dir, '--format', 'json', '--lang', lang, '--no-config']));
}

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'web/dist is missing: run web/build.sh first');
  execFileSync('cargo', ['build', '-q', '-p', 'diagnose-cli'], { cwd: ROOT, stdio: 'inherit' });
  cli = cliPath();
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await serve(DIST, { prefix: PREFIX });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh browser context (own storage), with every request and console error recorded. */
async function open(hash = '#/', { locale = 'en-US', viewport = { width: 1280, height: 860 } } = {}) {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.url + hash);
  await page.waitForSelector('.app');
  await settle(page);
  const loaded = requests.length;
  return {
    page, context, errors,
    /** Requests made since the page finished loading. */
    requestsAfterLoad: () => requests.slice(loaded),
    requests,
  };
}

/** Waits until the app has rendered its latest analysis (the engine loaded, if it was needed). */
async function settle(page) {
  await page.waitForFunction(() => {
    const d = document.querySelector('#diagnostics');
    return (Number(d?.dataset.seq ?? 1) >= 1 || d?.dataset.engine === 'failed') && d?.dataset.engine !== 'loading'
      && d?.dataset.example !== 'loading' && d?.dataset.share !== 'decoding';
  });
  await page.evaluate(() => new Promise((r) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(r)), 0)));
}

/** Waits for a new analysis (after typing: the app waits for a pause first). */
async function relinted(page, before) {
  await page.waitForFunction((b) => Number(document.querySelector('#diagnostics')?.dataset.seq) > b, before);
  await settle(page);
}

const seqOf = (page) => page.evaluate(() => Number(document.querySelector('#diagnostics').dataset.seq));

async function shown(page) {
  return page.$$eval('li.diag', (els) => els.map((e) => ({
    code: e.dataset.code,
    rule: e.dataset.rule,
    severity: e.dataset.severity,
    file: e.dataset.file,
    line: Number(e.dataset.line),
    column: Number(e.dataset.column),
    message: e.querySelector('.msg').textContent,
  })));
}

/** Diagnostics in a fixed order: the page lists errors first, the CLI by file. */
const byPlace = (list) => [...list].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line
  || a.column - b.column || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));

/** The CLI's diagnostics in the shape the page shows (backticks become <code>). */
function expected(report) {
  return report.diagnostics.map((d) => ({
    code: d.code, rule: d.rule, severity: d.severity, file: d.file, line: d.line, column: d.column,
    message: d.message.replaceAll('`', ''),
  }));
}

const tabNames = (page) => page.$$eval('[role="tab"] .tab-name', (els) => els.map((e) => e.textContent));

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

async function switchLang(page, code) {
  const seq = await seqOf(page);
  // The engine's messages come per language (texts-<lang>.json): the first time a language
  // is shown after the engine was loaded without it, the analysis runs again, once.
  const had = await page.evaluate((c) => !globalThis.diagnoseEngine.ready() || globalThis.diagnoseEngine.hasTexts(c), code);
  await page.click(`.lang-btn[lang="${code}"]`);
  await page.waitForFunction((c) => document.documentElement.lang === c, code);
  if (had) {
    await settle(page);
    assert.equal(await seqOf(page), seq, 'switching language does not re-run the analysis');
  } else {
    await relinted(page, seq);
    assert.equal(await seqOf(page), seq + 1, 'the first switch to a language runs the analysis once');
  }
}

/** The data files the page fetches on first use (web/src/data.rs), each from this site only. */
const DATA_FILES = ['rule-pages.json', 'error-kb.json', 'examples.json', 'texts-en.json', 'texts-fr.json', 'metric-types.json', 'promql-tables.json'];

/** The files of a seed as the page gets them (the examples' data file in dist/). */
function seedFiles(id) {
  const all = JSON.parse(fs.readFileSync(path.join(DIST, 'examples.json'), 'utf8'));
  return all.find((s) => s.id === id).files;
}

test('the engine module carries its messages\' ids, not their texts: those are the data files texts-en.json and texts-fr.json (and the exporters\' metric types are metric-types.json, the PromQL parser\'s LR tables promql-tables.json)', () => {
  const wasm = fs.readFileSync(path.join(DIST, 'diagnose_engine_bg.wasm'));
  // The parser's grammar and state table (bincode, as lrpar embeds them elsewhere): of their
  // runs of 32 bytes, all but a few were in the module when it embedded them; now only a few
  // that happen to be elsewhere too (token names).
  const tables = JSON.parse(fs.readFileSync(path.join(DIST, 'promql-tables.json'), 'utf8')).map((b) => Buffer.from(b, 'base64'));
  assert.equal(tables.length, 2);
  for (const t of tables) {
    assert.ok(t.length > 10000, `${t.length} bytes of tables`);
    const left = [];
    for (let at = 0; at + 32 <= t.length; at += 32) if (wasm.includes(t.subarray(at, at + 32))) left.push(at);
    assert.ok(left.length <= 4, `parser tables in the engine module, at ${left}`);
  }
  const table = JSON.parse(fs.readFileSync(path.join(DIST, 'metric-types.json'), 'utf8')).split('\n').filter((l) => l);
  assert.ok(table.length > 1000, `${table.length} metric types`);
  assert.deepEqual(table.filter((l) => wasm.includes(Buffer.from(`${l}\n`, 'utf8'))), [], 'table lines in the engine module');
  for (const lang of ['en', 'fr']) {
    const pairs = JSON.parse(fs.readFileSync(path.join(DIST, `texts-${lang}.json`), 'utf8'));
    assert.ok(pairs.length > 300, `${lang}: ${pairs.length} texts`);
    // The longest run of each text without a placeholder, where one is long enough to be
    // unmistakable.
    const runs = pairs.map(([, t]) => t.split(/\{[^}]*\}/).sort((a, b) => b.length - a.length)[0])
      .filter((r) => Buffer.byteLength(r) >= 32);
    assert.ok(runs.length > 100, `${lang}: ${runs.length} long texts`);
    const inside = runs.filter((r) => wasm.includes(Buffer.from(r, 'utf8')));
    assert.deepEqual(inside, [], `${lang}: texts found in the engine module`);
  }
});

const seeds = fs.readdirSync(SEEDS).filter((s) => fs.existsSync(path.join(SEEDS, s, 'broken'))).sort();

test('loads from a sub-path, under a CSP that allows one connection only, without errors', async () => {
  const { page, context, errors, requests } = await open('#/');
  const paths = requests.map((u) => new URL(u)).map((u) => (u.origin === new URL(server.url).origin ? u.pathname : u.href));
  assert.deepEqual(paths.sort(), [
    PREFIX, `${PREFIX}boot.js`, `${PREFIX}diagnose_web.js`,
    `${PREFIX}diagnose_web_bg.wasm`, `${PREFIX}style.css`,
  ].sort(), 'a first visit with nothing to check does not fetch the engine (nor its JS glue)');
  const policies = await page.$$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.map((x) => x.content));
  assert.match(policies[0], /default-src 'none'/);
  assert.match(policies[0], /script-src 'self' 'wasm-unsafe-eval'/);
  // Once loaded, the only connections allowed are the engine module and the data files, on this site.
  const allowed = ['diagnose_engine_bg.wasm', ...DATA_FILES].map((f) => new URL(f, server.url).href);
  assert.ok(policies.includes(`connect-src ${allowed.join(' ')}`), `connections narrowed once loaded: ${policies}`);
  // The ban is in force: a script in the page cannot reach its own server, nor another.
  const blocked = await page.evaluate(async () => {
    const out = [];
    for (const u of ['index.html', 'boot.js', 'https://example.com/']) {
      try { await fetch(u); out.push('fetched'); } catch (e) { out.push('blocked'); }
    }
    return out;
  });
  assert.deepEqual(blocked, ['blocked', 'blocked', 'blocked']);
  assert.deepEqual(errors.filter((e) => !/Content Security Policy|Refused to connect|Failed to fetch/.test(e)), []);
  // The empty state of a first visit.
  assert.deepEqual(await tabNames(page), ['docker-compose.yml']);
  assert.match(await page.textContent('#diagnostics'), /Paste or type a configuration/);
  await shot(page, '01-first-visit');
  await context.close();
});

test('every seed stack shows exactly the CLI diagnostics, in English and in French', async () => {
  let total = 0;
  for (const seed of seeds) {
    const dir = path.join(SEEDS, seed, 'broken');
    const en = cliCheck(dir, 'en');
    const fr = cliCheck(dir, 'fr');
    const { page, context, errors } = await open(`#/examples/${seed}?lang=en`);
    const listed = await shown(page);
    assert.deepEqual(byPlace(listed), byPlace(expected(en)), `${seed}: English`);
    const rank = { error: 0, warning: 1, info: 2 };
    assert.ok(listed.every((d, i) => i === 0 || rank[listed[i - 1].severity] <= rank[d.severity]), 'errors first');
    assert.match(await page.textContent('.files-count'), new RegExp(`^${en.summary.files} file`));
    await switchLang(page, 'fr');
    assert.deepEqual(byPlace(await shown(page)), byPlace(expected(fr)), `${seed}: French`);
    total += en.diagnostics.length;
    if (seed === 'microk8s') await shot(page, '03-seed-french');
    await switchLang(page, 'en');
    if (seed === 'microk8s') await shot(page, '02-seed-loaded');
    assert.deepEqual(errors, []);
    await context.close();
  }
  assert.ok(total > 0, 'the seed stacks have findings');
});

/** The "Expected findings" table of a seed's README: (rule, file, lines). */
function expectedFindings(seed) {
  const readme = fs.readFileSync(path.join(SEEDS, seed, 'README.md'), 'utf8');
  const section = readme.split('### Expected findings')[1]?.split(/\n#/)[0] ?? '';
  return section.split('\n').map((row) => row.split('|').map((c) => c.trim()))
    .filter((c) => c.length > 4 && /^\d+$/.test(c[1]))
    .map((c) => {
      const m = c[2].match(/`([^`:]+):([\d,]+)`/);
      return m && { rule: c[3], file: m[1], lines: m[2].split(',').map(Number) };
    })
    // A struck-through row (`~~rule~~`) is a finding the README says is no longer reported.
    .filter((f) => f && !f.rule.includes('~~'));
}

test('the expected findings listed in the seeds\' READMEs are shown at their lines', async () => {
  let checked = 0;
  for (const seed of seeds) {
    const { page, context } = await open(`#/examples/${seed}?lang=en`);
    const d = await shown(page);
    for (const f of expectedFindings(seed)) {
      for (const line of f.lines) {
        assert.ok(d.some((x) => x.rule === f.rule && x.file === f.file && x.line === line),
          `${seed}: ${f.rule} at ${f.file}:${line}`);
        checked++;
      }
    }
    // A tab holding a problem is marked with an icon and a count, not only a colour.
    if (d.some((x) => x.severity !== 'info')) {
      const badge = await page.$eval('.tab .badge', (b) => ({ text: b.textContent, title: b.title, svg: !!b.querySelector('svg') }));
      assert.ok(badge.svg && /\d/.test(badge.text) && badge.title.length > 0);
    }
    await context.close();
  }
  assert.ok(checked >= 10, `${checked} expected findings checked`);
});

test('the severity counts filter the list', async () => {
  const { page, context } = await open('#/examples/esxi?lang=en');
  const count = (sev) => page.locator(`li.diag[data-severity="${sev}"]`).count();
  const infos = await count('info');
  assert.ok(infos > 0 && (await count('error')) > 0);
  const toggle = page.locator('.filters button.sev-info');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.equal(await count('info'), 0);
  assert.ok((await count('error')) > 0);
  await page.click('.filters button.sev-error');
  await page.click('.filters button.sev-warning');
  assert.match(await page.textContent('#diagnostics'), /Every diagnostic is hidden/);
  await page.click('.filters button.sev-info');
  assert.equal(await count('info'), infos);
  assert.match(await page.textContent('#diagnostics [role="status"]'), /\d+ errors?, \d+ warnings?, \d+ infos?, 5 files/);
  await context.close();
});

test('clicking a diagnostic opens its file with the cursor on it; related locations are links', async () => {
  const { page, context } = await open('#/examples/microk8s?lang=en');
  await page.click('[role="tab"]:has-text("00-namespace.yaml")');
  const item = page.locator('li.diag[data-code="NET001"]').first();
  await item.locator('.diag-go').click();
  await page.waitForFunction(() => document.activeElement?.id === 'editor-text');
  const state = await page.evaluate(() => {
    const ta = document.activeElement;
    return {
      tab: document.querySelector('[role="tab"][aria-selected="true"] .tab-name').textContent,
      at: ta.value.slice(ta.selectionStart, ta.selectionStart + 9),
      line: ta.value.slice(0, ta.selectionStart).split('\n').length,
    };
  });
  assert.deepEqual(state, { tab: '20-grafana.yaml', at: 'localhost', line: 25 });
  // The offending line is highlighted in the editor, and marked in the gutter by an icon.
  assert.ok(await page.locator('.hl-line.sev-error').count() >= 1);
  assert.ok(await page.locator('.gutter-mark.sev-error svg').count() >= 1);
  await shot(page, '04-diagnostic-clicked');
  // A related location in another tab, when the report has one.
  const related = page.locator('.related-go');
  if (await related.count()) {
    const label = await related.first().textContent();
    const [file, line] = label.split(':');
    await related.first().click();
    await page.waitForFunction((f) => document.querySelector('[role="tab"][aria-selected="true"] .tab-name')?.textContent === f, file);
    const at = await page.evaluate(() => {
      const ta = document.getElementById('editor-text');
      return ta.value.slice(0, ta.selectionStart).split('\n').length;
    });
    assert.equal(at, Number(line));
  }
  await context.close();
});

test('files as tabs: add, name, type, lint as you type (UTF-16 cursor), rename, remove', async () => {
  const { page, context } = await open('#/?lang=en');
  const compose = 'services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n  grafana:\n    image: grafana/grafana:11.2.0\n    volumes:\n      - ./grafana/provisioning:/etc/grafana/provisioning\n';
  await page.fill('#editor-text', compose);
  await page.click('.add-tab');
  await page.waitForFunction(() => document.activeElement?.id === 'file-name');
  assert.equal(await page.inputValue('#file-name'), 'untitled-2.yml', 'the new tab asks for its name');
  let seq = await seqOf(page);
  await page.fill('#file-name', 'grafana/provisioning/datasources/ds.yml');
  // The rename's own analysis first: on a slow machine it could otherwise land after the
  // text below was typed and be taken for the analysis of that text.
  await relinted(page, seq);
  seq = await seqOf(page);
  // A name before the URL, on the same line, with characters outside the BMP and accents.
  await page.fill('#editor-text', 'apiVersion: 1\ndatasources:\n  - { name: "📈 Prométhée 🔥", type: prometheus, url: "http://localhost:9090" }\n');
  await relinted(page, seq);
  assert.deepEqual(await tabNames(page), ['docker-compose.yml', 'grafana/provisioning/datasources/ds.yml']);
  // The list follows the last analysis; one started before the text was in may answer first.
  await page.waitForSelector('li.diag[data-code="NET001"]', { timeout: 5000 }).catch(() => {});
  const d = (await shown(page)).find((x) => x.code === 'NET001');
  assert.ok(d, `NET001 found while typing: ${JSON.stringify({
    shown: await shown(page), tabs: await tabNames(page), seq: await seqOf(page),
    engine: await page.getAttribute('#diagnostics', 'data-engine'), text: await page.inputValue('#editor-text'),
  })}`);
  assert.equal(d.line, 3);
  await page.click('li.diag[data-code="NET001"] .diag-go');
  const at = await page.evaluate(() => {
    const ta = document.getElementById('editor-text');
    return ta.value.slice(ta.selectionStart, ta.selectionStart + 9);
  });
  assert.equal(at, 'localhost', 'the cursor lands on the span though the line holds astral characters');
  // Typing a key re-lints after a pause: fixing the host removes the finding.
  seq = await seqOf(page);
  await page.evaluate(() => {
    const ta = document.getElementById('editor-text');
    const i = ta.value.indexOf('localhost');
    ta.setSelectionRange(i, i + 'localhost'.length);
  });
  await page.keyboard.type('prometheus');
  await relinted(page, seq);
  assert.equal((await shown(page)).filter((x) => x.code === 'NET001').length, 0);
  // The name drives detection: out of the provisioning folder, the file is not a datasource.
  assert.match(await page.textContent('.file-meta .kind'), /grafana-datasources/);
  seq = await seqOf(page);
  await page.fill('#file-name', 'notes/ds.txt');
  await relinted(page, seq);
  assert.doesNotMatch(await page.textContent('.file-meta .kind'), /grafana-datasources/);
  // Remove the tab (keyboard: the close button is a labelled button).
  await page.click('button[aria-label="Remove notes/ds.txt"]');
  assert.deepEqual(await tabNames(page), ['docker-compose.yml']);
  // Remove the last one: the empty state offers the examples.
  await page.click('button[aria-label="Remove docker-compose.yml"]');
  await page.waitForSelector('.empty-state');
  assert.ok(await page.locator('.empty-state a[href*="#/examples/"]').count() >= seeds.length);
  await shot(page, '05-empty-state');
  await context.close();
});

test('hostile or broken input never stops the page', async () => {
  const { page, context, errors } = await open('#/?lang=en');
  const bomb = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n');
  const inputs = [
    ['docker-compose.yml', bomb],
    ['docker-compose.yml', 'services:\n\tgrafana:\n  image: [unclosed\n'],
    ['dashboard.json', '{"panels": [{"targets": [{"expr": "up"'],
    ['', 'services: {}\n'],
    ['../../etc/prometheus.yml', 'scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: ["localhost:9100"]\n'],
    ['big.yml', Array.from({ length: 3000 }, (_, i) => `key${i}: "välue ${i} 🔥"`).join('\n')],
    ['weird.yml', '\u0000\u0001 ? : - [ { & * ! | > % @ `'],
  ];
  for (const [name, text] of inputs) {
    const seq = await seqOf(page);
    await page.fill('#file-name', name);
    // Set the value at once (playwright's fill inserts text the slow way on big inputs).
    await page.evaluate((t) => {
      const ta = document.getElementById('editor-text');
      ta.value = t;
      ta.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }, text);
    await relinted(page, seq);
  }
  assert.equal(await page.locator('.crash').count(), 0);
  assert.deepEqual(errors, []);
  // Still answering.
  const seq = await seqOf(page);
  await page.fill('#file-name', 'docker-compose.yml');
  await page.fill('#editor-text', 'services:\n  web:\n    image: nginx:1.27.0\n');
  await relinted(page, seq);
  assert.match(await page.textContent('#diagnostics'), /No problem found/);
  await context.close();
});

test('a trap in the page\'s module (what a panic is, with panic = immediate-abort) shows the crash notice; other errors do not', async () => {
  const { page, context } = await open('#/?lang=en');
  // An error that is not the module's: no notice.
  await page.evaluate(() => new Promise((r) => { setTimeout(() => { throw new Error('not ours'); }); setTimeout(r, 50); }));
  assert.equal(await page.locator('.crash').count(), 0);
  // A real trap of the real module: its allocator asked for an impossible layout aborts
  // (wasm-bindgen's `__wbindgen_malloc`, alignment 3), which under immediate-abort is
  // `unreachable`, thrown from a timer like from an event handler.
  const trapped = await page.evaluate(async () => {
    const wasm = await (await import(new URL('diagnose_web.js', document.baseURI).href)).default();
    return new Promise((r) => {
      setTimeout(() => wasm.__wbindgen_malloc(8, 3));
      setTimeout(() => r(document.querySelector('.crash')?.textContent ?? null), 50);
    });
  });
  assert.match(trapped ?? '', /diagnose stopped on an internal error.*diagnose s’est arrêté sur une erreur interne.*unreachable/s);
  assert.equal(await page.getAttribute('.crash', 'role'), 'alert');
  assert.equal(await page.locator('.crash').count(), 1);
  await context.close();
});

test('tabs, menus and actions work from the keyboard', async () => {
  const { page, context } = await open('#/examples/microk8s?lang=en');
  await page.focus('[role="tab"][aria-selected="true"]');
  const before = await page.evaluate(() => document.activeElement.textContent);
  await page.keyboard.press('ArrowRight');
  const after = await page.evaluate(() => ({ focused: document.activeElement.textContent, selected: document.activeElement.getAttribute('aria-selected') }));
  assert.notEqual(after.focused, before);
  assert.equal(after.selected, 'true');
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-selected')), 'true');
  // The header is redrawn when the language changes: the focus stays on the switch.
  await page.focus('.lang-btn[lang="fr"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  await settle(page);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('lang')), 'fr', 'focus kept on the language switch');
  assert.equal(await page.getAttribute('.lang-btn[lang="fr"]', 'aria-pressed'), 'true');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await settle(page);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('lang')), 'en');
  // Examples menu: open with Enter, follow a link with Enter.
  // Each step waits for its effect, so that a slow machine cannot press a key on a menu that
  // is not open yet; the outcome is checked where it lasts (the tabs), then the address.
  await page.focus('.examples-menu summary');
  await page.keyboard.press('Enter');
  await page.waitForSelector('details.examples-menu[open] .example-link[data-seed="ticketing"]', { state: 'visible' });
  await page.focus('.example-link[data-seed="ticketing"]');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.seed), 'ticketing');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('[role="tab"] .tab-name')].some((t) => t.textContent === 'config/prometheus/prometheus.yml'));
  await settle(page);
  assert.deepEqual(await tabNames(page), ['config/prometheus/prometheus.yml', 'docker-compose.yml']);
  assert.ok((await page.evaluate(() => location.hash)).startsWith('#/examples/ticketing'));
  assert.equal(await page.evaluate(() => document.querySelector('details.examples-menu').open), false);
  await context.close();
});

test('opening a folder and files reads them like the CLI', async () => {
  const { page, context } = await open('#/?lang=en');
  const dir = path.join(SEEDS, 'esxi', 'broken');
  await page.setInputFiles('.app > input[type="file"]:not([multiple])', dir);
  await page.waitForFunction(() => document.querySelectorAll('[role="tab"]').length > 1);
  await settle(page);
  const report = cliCheck(dir, 'en');
  assert.equal((await tabNames(page)).length, report.summary.files);
  assert.deepEqual(byPlace(await shown(page)), byPlace(expected(report)));
  // Files: added next to the open tabs; a binary file is skipped with a reason.
  await page.setInputFiles('.app > input[type="file"][multiple]', [
    { name: 'extra.yml', mimeType: 'text/yaml', buffer: Buffer.from('scrape_configs: []\n') },
    { name: 'logo.json', mimeType: 'application/json', buffer: Buffer.from([0x7b, 0, 1, 2]) },
  ]);
  await page.waitForSelector('.notice');
  assert.match(await page.textContent('.notices'), /logo\.json \(not a text file\)/);
  assert.ok((await tabNames(page)).includes('extra.yml'));
  await context.close();
});

test('dropping files onto the page opens them', async () => {
  const { page, context } = await open('#/?lang=en');
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['services:\n  web:\n    image: nginx\n'], 'compose.yaml', { type: 'text/yaml' }));
    const target = document.querySelector('.app');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => [...document.querySelectorAll('[role="tab"] .tab-name')].some((t) => t.textContent === 'compose.yaml'));
  assert.deepEqual(await tabNames(page), ['compose.yaml']);
  assert.equal(await page.evaluate(() => document.querySelector('.app').classList.contains('dragging')), false);
  await context.close();
});

test('rule pages: an index of every rule, a page per rule that loads its example', async () => {
  const rules = JSON.parse(runCli(['rules', '--format', 'json']));
  const { page, context, errors } = await open('#/rules?lang=en');
  assert.equal(await page.locator('tr[data-rule]').count(), rules.length);
  // Each rule's summary (the line under its page's title) comes with the rule pages' data file.
  await page.waitForSelector('.rules-index[data-pages="ready"]');
  const net001 = fs.readFileSync(path.join(ROOT, 'rules/net/localhost-in-container-url.md'), 'utf8');
  const summary = net001.split('\n').slice(1).find((l) => l.trim()).trim().replaceAll('`', '');
  assert.equal(await page.textContent('tr[data-rule="NET001"] td:last-child'), summary);
  await shot(page, '06-rules-index');
  await page.click('tr[data-rule="NET001"] a.code');
  await page.waitForSelector('.rule-page[data-rule="NET001"]');
  assert.ok((await page.evaluate(() => location.hash)).startsWith('#/rules/NET001'));
  // The same text as `diagnose explain NET001`.
  const explainText = runCli(['explain', 'NET001', '--lang', 'en']);
  const h1 = explainText.split('\n')[0].replace(/^# /, '');
  assert.equal(await page.textContent('.markdown h1'), h1);
  assert.ok(await page.locator('.markdown h2', { hasText: 'Why is this bad?' }).count());
  await shot(page, '07-rule-page');
  // French follows the switch, with its own headings.
  await page.click('.lang-btn[lang="fr"]');
  await page.waitForSelector('.markdown h2:has-text("Pourquoi est-ce un problème")');
  assert.equal(await page.textContent('.markdown h1'), runCli(['explain', 'NET001', '--lang', 'fr']).split('\n')[0].replace(/^# /, ''));
  await page.click('.lang-btn[lang="en"]');
  // Load the bad example: its files become the tabs, and the page's expected output shows.
  const md = fs.readFileSync(path.join(ROOT, 'rules/net/localhost-in-container-url.md'), 'utf8');
  const files = [...md.matchAll(/```\w+ bad file=(\S+)/g)].map((m) => m[1]);
  const expect = md.match(/```text expect\n([\s\S]*?)```/)[1].trim().split('\n');
  await page.click('.load-bad');
  await page.waitForSelector('#editor-text');
  await settle(page);
  assert.deepEqual(await tabNames(page), files);
  // The page's expected output is that rule's (the rule-page tests select it).
  const lines = (await shown(page)).filter((d) => d.code === 'NET001')
    .map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}[${d.code}] ${d.message}`);
  assert.deepEqual(lines, expect.map((l) => l.replaceAll('`', '')));
  // Unknown rule: a clear not-found state.
  await page.goto(`${server.url}#/rules/NOPE999?lang=en`);
  await page.waitForSelector('.not-found');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the rule index keeps the keyboard focus when it is redrawn (the summaries arriving)', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  // The rule pages' data file is held back until a rule's link has the focus.
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route('**/rule-pages.json', async (route) => { await gate; await route.continue(); });
  await page.goto(`${server.url}#/rules?lang=en`);
  await page.waitForSelector('tr[data-rule="NET001"] a.code');
  assert.notEqual(await page.getAttribute('.rules-index', 'data-pages'), 'ready');
  await page.focus('tr[data-rule="NET001"] a.code');
  release();
  await page.waitForSelector('.rules-index[data-pages="ready"]');
  await page.waitForFunction(() => document.querySelector('tr[data-rule="NET001"] td:last-child')?.textContent.includes('from inside a container'));
  assert.equal(await page.evaluate(() => document.activeElement?.closest('tr')?.dataset.rule), 'NET001');
  assert.equal(await page.evaluate(() => document.activeElement?.matches('a.code')), true);
  await context.close();
});

test('explain box: a pasted error is explained, with the line of the files that causes it', async () => {
  const { page, context, errors } = await open('#/examples/microk8s?lang=en');
  assert.equal(await page.locator('.explain-result [data-state]').count(), 0, 'nothing before pasting');
  await page.fill('#explain-input', 'HTTP Error Bad Gateway');
  await page.waitForSelector('.explain-result [data-state="found"]');
  // The same family as `diagnose explain TEXT PATH`, and the same confirmed causes.
  const seedDir = path.join(SEEDS, 'microk8s', 'broken');
  const cli = JSON.parse(runCli(['explain', 'HTTP Error Bad Gateway', seedDir, '--format', 'json', '--lang', 'en']));
  const families = await page.$$eval('.explanation', (els) => els.map((e) => e.dataset.family));
  assert.deepEqual(families, cli.matches.map((m) => m.id));
  const confirmed = await page.$$eval('.explanation:first-child .confirmation', (els) => els.map((e) => ({
    code: e.dataset.code, at: e.querySelector('.confirm-go').textContent,
  })));
  const expectedConfirmed = cli.matches[0].causes.flatMap((c) => c.confirmed.map((d) => ({ code: d.code, at: `${d.file}:${d.line}:${d.column}` })));
  assert.ok(expectedConfirmed.length > 0, 'the seed confirms a cause');
  assert.deepEqual(confirmed, expectedConfirmed);
  await page.locator('.explain').screenshot({ path: path.join(SHOTS, '08-explain-box.png') });
  // A confirmation is a link to the line.
  await page.click('.explanation:first-child .confirm-go');
  await page.waitForFunction(() => document.activeElement?.id === 'editor-text');
  const [file, line] = expectedConfirmed[0].at.split(':');
  assert.equal(await page.textContent('[role="tab"][aria-selected="true"] .tab-name'), file);
  assert.equal(await page.evaluate(() => { const ta = document.activeElement; return ta.value.slice(0, ta.selectionStart).split('\n').length; }), Number(line));
  // French, live: the family's title and the labels follow.
  const fr = JSON.parse(runCli(['explain', 'HTTP Error Bad Gateway', seedDir, '--format', 'json', '--lang', 'fr']));
  await page.click('.lang-btn[lang="fr"]');
  await page.waitForFunction((t) => document.querySelector('.explanation h3')?.textContent.includes(t), fr.matches[0].title);
  assert.match(await page.textContent('.explanation:first-child'), /trouvé dans vos fichiers/);
  await page.click('.lang-btn[lang="en"]');
  // Unknown text: says so.
  await page.fill('#explain-input', 'everything is fine');
  await page.waitForSelector('.explain-result [data-state="unknown"]');
  assert.match(await page.textContent('.explain-result'), /no known error/);
  await page.fill('#explain-input', '');
  assert.equal(await page.locator('.explain-result [data-state]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a share link restores the tabs and the language; a damaged one says so', async () => {
  const { page, context } = await open('#/examples/ticketing?lang=fr');
  // Edit a file so that the link carries more than the example.
  await page.click('[role="tab"]:has-text("docker-compose.yml")');
  await page.focus('#editor-text');
  await page.evaluate(() => document.getElementById('editor-text').setSelectionRange(0, 0));
  const seq = await seqOf(page);
  await page.keyboard.type('# modifié ✓\n');
  await relinted(page, seq);
  await page.click('.share-btn');
  const link = await page.inputValue('.share-url');
  assert.match(link, /#\/\?lang=fr&s=[A-Za-z0-9_-]+$/);
  assert.ok(link.startsWith(server.url), 'the link keeps the sub-path');
  await shot(page, '09-share-link');
  const names = await tabNames(page);
  const texts = await page.evaluate(() => document.getElementById('editor-text').value);
  const diags = await shown(page);
  await context.close();

  // Another browser, in English by default: the link opens in French with the same files.
  const other = await open('', { locale: 'en-US' });
  await other.page.goto(link);
  await settle(other.page);
  assert.equal(await other.page.evaluate(() => document.documentElement.lang), 'fr');
  assert.equal(await other.page.getAttribute('.lang-btn[lang="fr"]', 'aria-pressed'), 'true');
  assert.deepEqual(await tabNames(other.page), names);
  await other.page.click('[role="tab"]:has-text("docker-compose.yml")');
  assert.equal(await other.page.inputValue('#editor-text'), texts);
  assert.ok(texts.startsWith('# modifié ✓\n'));
  assert.deepEqual(await shown(other.page), diags);
  await other.context.close();

  const broken = await open(`#/?lang=en&s=${'x'.repeat(5)}`);
  await broken.page.waitForSelector('.notice');
  assert.match(await broken.page.textContent('.notices'), /share link is damaged/);
  assert.deepEqual(broken.errors, []);
  await broken.context.close();
});

test('language: browser default, remembered locally, reflected in the URL, switched live', async () => {
  const { page, context } = await open('#/', { locale: 'fr-FR' });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  assert.match(await page.evaluate(() => location.hash), /lang=fr/);
  assert.match(await page.textContent('.main-nav'), /Règles/);
  await page.click('.lang-btn[lang="en"]');
  assert.match(await page.evaluate(() => location.hash), /lang=en/);
  assert.equal(await page.evaluate(() => localStorage.getItem('diagnose.lang')), 'en');
  // Without a language in the URL, the remembered choice wins over the browser's.
  await page.goto(`${server.url}#/rules`);
  await page.reload();
  await page.waitForSelector('.rules-index');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.match(await page.evaluate(() => location.hash), /^#\/rules\?lang=en/);
  await context.close();
});

/** A share link (the files in the URL fragment, never sent to a server). */
function shareHash(files, lang = 'en') {
  const data = zlib.deflateRawSync(Buffer.from(JSON.stringify({ v: 1, f: files }))).toString('base64url');
  return `#/?lang=${lang}&s=${data}`;
}

test('the engine: fetched from this site with the first text to check, with a visible state; no request carries what was typed', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const sent = [];
  const errors = [];
  page.on('request', (r) => sent.push({ url: r.url(), method: r.method(), body: r.postData() }));
  page.on('pageerror', (e) => errors.push(String(e)));
  // Hold the module back, to see the page while it loads.
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route('**/diagnose_engine_bg.wasm', async (route) => { await gate; await route.continue(); });
  const marker = 'zq_typed_by_the_user_total';
  const rules = `groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(rate(${marker}[5m]) by (job)\n`;
  // A first visit: one empty tab, nothing to check, no engine.
  await page.goto(server.url + '#/?lang=en');
  await page.waitForSelector('#diagnostics[data-engine="idle"]');
  assert.ok(!sent.some((r) => r.url.endsWith('_engine_bg.wasm')), 'no engine before there is text');
  // Naming the empty tab is not enough; its first text asks for it.
  await page.fill('#file-name', 'prometheus/rules/alerts.yml');
  await page.waitForTimeout(300);
  assert.equal(await page.getAttribute('#diagnostics', 'data-engine'), 'idle');
  await page.fill('#editor-text', rules);
  await page.waitForSelector('#diagnostics[data-engine="loading"]');
  assert.match(await page.textContent('.engine-status'), /Loading the checks/);
  await page.click('.lang-btn[lang="fr"]');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  assert.match(await page.textContent('.engine-status'), /Chargement des vérifications/);
  release();
  await page.waitForSelector('#diagnostics[data-engine="ready"]');
  await settle(page);
  assert.equal(await page.locator('.engine-status').count(), 0, 'the state goes once the checks are in');
  assert.ok((await shown(page)).some((d) => d.code === 'PQL001'), 'the parser\'s finding is shown');
  // Typing more asks the loaded module again: no new request.
  const before = await seqOf(page);
  await page.fill('#editor-text', rules.replace(' by (job)', ') by (job)'));
  await relinted(page, before);
  assert.ok(!(await shown(page)).some((d) => d.code === 'PQL001'), 'fixed query: no PQL001');
  const origin = new URL(server.url).origin;
  // The engine's messages: English asked with the module, French when the page switched
  // while it loaded; each once. The exporters' metric types and the PromQL parser's tables,
  // once, with the module.
  assert.deepEqual(sent.map((r) => new URL(r.url).pathname).sort(), [
    PREFIX, `${PREFIX}boot.js`, `${PREFIX}diagnose_engine.js`, `${PREFIX}diagnose_engine_bg.wasm`,
    `${PREFIX}diagnose_web.js`, `${PREFIX}diagnose_web_bg.wasm`, `${PREFIX}style.css`,
    `${PREFIX}texts-en.json`, `${PREFIX}texts-fr.json`, `${PREFIX}metric-types.json`, `${PREFIX}promql-tables.json`,
  ].sort());
  for (const r of sent) {
    const u = new URL(r.url);
    assert.equal(u.origin, origin, `${r.url}: this site only`);
    assert.equal(r.method, 'GET', r.url);
    assert.equal(u.search, '', `${r.url}: no query string`);
    assert.equal(r.body, null, `${r.url}: no body`);
    assert.ok(!decodeURIComponent(r.url).includes(marker) && !r.url.includes('alerts'), `${r.url} carries nothing typed`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('rule pages unavailable (offline before they were ever fetched): the page says so, in both languages', async () => {
  const { page, context, requestsAfterLoad } = await open('#/?lang=en');
  await context.setOffline(true);
  await page.goto(`${server.url}#/rules/NET001?lang=en`);
  await page.waitForSelector('.rule-page[data-pages="failed"]');
  assert.match(await page.textContent('.rule-page .notice.failed'), /rule pages could not be loaded/);
  await page.click('.lang-btn[lang="fr"]');
  assert.match(await page.textContent('.rule-page .notice.failed'), /Les pages de règles n’ont pas pu être chargées/);
  assert.deepEqual(requestsAfterLoad().map((u) => new URL(u).pathname), [`${PREFIX}rule-pages.json`]);
  // Back online, the next rule page shown fetches them.
  await context.setOffline(false);
  await page.goto(`${server.url}#/rules/NET002?lang=en`);
  await page.waitForSelector('.rule-page[data-pages="ready"] .markdown h1');
  await context.close();
});

test('examples and the error knowledge base: data files fetched on first use, plain GETs of this site; offline before that, the page says so in both languages', async () => {
  const { page, context, requestsAfterLoad, errors } = await open('#/?lang=en');
  await context.setOffline(true);
  // An example chosen offline: a notice, and the tabs stay as they were.
  await page.goto(`${server.url}#/examples/flask?lang=en`);
  await page.waitForSelector('.notices .notice');
  assert.match(await page.textContent('.notices'), /The example flask could not be loaded/);
  assert.deepEqual(await tabNames(page), ['docker-compose.yml']);
  await page.click('.lang-btn[lang="fr"]');
  assert.match(await page.textContent('.notices'), /L’exemple flask n’a pas pu être chargé/);
  // An error explained offline: the box says that the knowledge base is missing.
  await page.fill('#explain-input', 'HTTP Error Bad Gateway');
  await page.waitForSelector('.explain-result [data-state="failed"]');
  assert.match(await page.textContent('.explain-result'), /La base des erreurs connues n’a pas pu être chargée/);
  await page.click('.lang-btn[lang="en"]');
  assert.match(await page.textContent('.explain-result'), /The error knowledge base could not be loaded/);
  // The knowledge base is read by the engine: offline, its module could not be fetched either
  // (its JS glue, its wasm, the PromQL parser's tables, the exporters' metric types and its
  // messages in the language shown, asked for together).
  assert.deepEqual(requestsAfterLoad().map((u) => new URL(u).pathname).sort(),
    [`${PREFIX}diagnose_engine.js`, `${PREFIX}diagnose_engine_bg.wasm`, `${PREFIX}examples.json`,
      `${PREFIX}metric-types.json`, `${PREFIX}promql-tables.json`, `${PREFIX}texts-fr.json`]);
  // Back online: the next text and the next example fetch them.
  await context.setOffline(false);
  await page.fill('#explain-input', 'HTTP Error Bad Gateway.');
  await page.waitForSelector('.explain-result [data-state="found"]');
  await page.goto(`${server.url}#/examples/flask`);
  await page.waitForFunction(() => document.querySelectorAll('[role="tab"]').length > 1);
  await settle(page);
  const cli = cliCheck(path.join(SEEDS, 'flask', 'broken'), 'en');
  assert.deepEqual(byPlace(await shown(page)), byPlace(expected(cli)), 'the example, as the CLI sees it');
  // Every request made: same-origin GETs of named files, without query string or body.
  const origin = new URL(server.url).origin;
  for (const u of requestsAfterLoad()) {
    const url = new URL(u);
    assert.equal(url.origin, origin, u);
    assert.equal(url.search, '', u);
    assert.ok(DATA_FILES.some((f) => url.pathname === `${PREFIX}${f}`)
      || [`${PREFIX}diagnose_engine.js`, `${PREFIX}diagnose_engine_bg.wasm`].includes(url.pathname), u);
  }
  assert.deepEqual(errors.filter((e) => !/Failed to fetch|ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();
});

test('the engine unavailable (offline before it was ever fetched): the page says so in both languages, and tries again once online', async () => {
  const { page, context } = await open('#/?lang=en');
  await context.setOffline(true);
  // The ESXi stack's files through a share link (the examples' data file is not fetched yet).
  await page.goto(server.url + shareHash(seedFiles('esxi')));
  await page.waitForSelector('#diagnostics[data-engine="failed"]');
  await settle(page);
  assert.match(await page.textContent('.engine-status'), /The checks could not be loaded/);
  assert.equal(await page.locator('li.diag').count(), 0, 'nothing is claimed without the engine');
  assert.doesNotMatch(await page.textContent('#diagnostics'), /No problem found|Checking/);
  await page.click('.lang-btn[lang="fr"]');
  assert.match(await page.textContent('.engine-status'), /Les vérifications n’ont pas pu être chargées/);
  // Back online, the next edit fetches it, and the list is the CLI's.
  await context.setOffline(false);
  const before = await seqOf(page);
  await page.click('[role="tab"]:first-child');
  const text = await page.inputValue('#editor-text');
  await page.fill('#editor-text', text + '\n');
  await relinted(page, before);
  await page.waitForSelector('#diagnostics[data-engine="ready"]');
  await settle(page);
  const cli = cliCheck(path.join(SEEDS, 'esxi', 'broken'), 'fr');
  assert.deepEqual(byPlace(await shown(page)), byPlace(expected(cli)), 'online again: the CLI\'s list');
  await context.close();
});

test('after the first visit, no request leaves the page, and it works offline (PromQL checks and rule pages included)', async () => {
  const { page, context, requests, errors } = await open('#/examples/esxi?lang=en');
  assert.ok(requests.some((u) => u.endsWith('/diagnose_engine_bg.wasm')), 'the ESXi example loads the engine');
  // The first visit also shows a rule page: its data file is fetched once, a plain GET of this site.
  await page.goto(`${server.url}#/rules/NET001?lang=en`);
  await page.waitForSelector('.rule-page[data-pages="ready"] .markdown h1');
  // And explains an error: the knowledge base's data file is fetched once too.
  await page.goto(`${server.url}#/?lang=en`);
  await page.fill('#explain-input', 'HTTP Error Bad Gateway');
  await page.waitForSelector('.explain-result [data-state="found"]');
  // The engine's messages: English with the module, French once the page was idle (held for
  // a switch of language).
  await page.waitForFunction(() => globalThis.diagnoseData.now('texts-fr.json') !== undefined);
  for (const f of DATA_FILES) {
    assert.deepEqual(requests.filter((u) => u.endsWith(`/${f}`)), [new URL(f, server.url).href], `${f}: fetched once`);
  }
  const loaded = requests.length;
  const requestsAfterLoad = () => requests.slice(loaded);
  await context.setOffline(true);
  for (const seed of seeds) {
    await page.goto(`${server.url}#/examples/${seed}?lang=en`);
    await settle(page);
    if (seed === 'esxi') {
      const cli = cliCheck(path.join(SEEDS, seed, 'broken'), 'en');
      assert.ok(cli.diagnostics.some((d) => d.code.startsWith('PQL')), 'the ESXi example has PromQL findings');
      assert.deepEqual(byPlace(await shown(page)), byPlace(expected(cli)), 'offline: the same as the CLI');
    }
  }
  // Offline, the switch to French still shows the CLI's list in French.
  const last = seeds[seeds.length - 1];
  await switchLang(page, 'fr');
  const lastFr = cliCheck(path.join(SEEDS, last, 'broken'), 'fr');
  assert.deepEqual(byPlace(await shown(page)), byPlace(expected(lastFr)), `offline, in French: ${last} as the CLI sees it`);
  await page.click('.main-nav a[href*="#/rules"]');
  await page.click('tr[data-rule] a.code');
  await page.click('.load-bad');
  await settle(page);
  await page.click('li.diag .diag-go').catch(() => {});
  await page.fill('#explain-input', 'dial tcp 127.0.0.1:9090: connect: connection refused');
  await page.waitForSelector('.explain-result [data-state="found"]');
  await page.click('.share-btn');
  await page.click('.add-tab');
  await page.keyboard.type('x.yml');
  assert.ok((await shown(page)).length >= 0);
  assert.deepEqual(requestsAfterLoad(), [], 'requests after load');
  assert.deepEqual(errors, []);
  await context.close();
});

test('map of the stack: broken arrows red, dashed and labelled with their code; a click opens the line; EN, FR and phone', async () => {
  const { page, context, errors } = await open('#/examples/esxi?lang=en');
  const map = page.locator('#map');
  assert.equal(await map.getAttribute('data-state'), 'closed');
  await page.click('.map-toggle');
  await page.waitForFunction(() => document.querySelector('#map').dataset.state === 'ready');
  // The arrow the ESXi tutorial is about: Prometheus scrapes host.docker.internal:8000.
  const edge = page.locator('#map g.edge.broken[data-kind="scrape"][data-to="host.docker.internal"]');
  assert.equal(await edge.count(), 1);
  assert.equal(await edge.getAttribute('data-codes'), 'NET002');
  assert.match(await edge.locator('.edge-code').textContent(), /✗ NET002/);
  const look = await edge.locator('.edge-line').evaluate((p) => {
    const cs = getComputedStyle(p);
    return { dash: cs.strokeDasharray, stroke: cs.stroke };
  });
  assert.notEqual(look.dash, 'none', 'a broken arrow is dashed, not only red');
  assert.match(look.stroke, /rgb\(179, 38, 30\)/);
  // Working arrows are plain: the datasource from Grafana to Prometheus.
  const ds = page.locator('#map g.edge[data-kind="datasource"]');
  assert.equal(await ds.getAttribute('class'), 'edge');
  assert.equal(await page.locator('#map g.node').count(), 6);
  await shot(page, '12-map-en');
  await edge.locator('.edge-code').click();
  await page.waitForFunction(() => document.activeElement?.id === 'editor-text');
  const at = await page.evaluate(() => {
    const ta = document.activeElement;
    return {
      tab: document.querySelector('[role="tab"][aria-selected="true"] .tab-name').textContent,
      line: ta.value.slice(0, ta.selectionStart).split('\n').length,
      text: ta.value.split('\n')[ta.value.slice(0, ta.selectionStart).split('\n').length - 1],
    };
  });
  assert.deepEqual([at.tab, at.line], ['monitoring/prometheus.yml', 8]);
  assert.match(at.text, /host\.docker\.internal:8000/);
  // A box opens the line that defines it.
  const grafana = page.locator('#map g.node[data-id="grafana"]');
  assert.equal(await grafana.getAttribute('data-file'), 'docker-compose.monitoring.yml');
  await grafana.locator('rect').click();
  await page.waitForFunction(() => document.querySelector('[role="tab"][aria-selected="true"] .tab-name')?.textContent === 'docker-compose.monitoring.yml');
  const gline = await page.evaluate(() => {
    const ta = document.getElementById('editor-text');
    return ta.value.split('\n')[ta.value.slice(0, ta.selectionStart).split('\n').length - 1];
  });
  assert.match(gline, /grafana/);
  // The language switch redraws the map in French, without a new analysis.
  await switchLang(page, 'fr');
  assert.equal(await page.locator('#map-title').textContent(), 'Carte de la pile');
  assert.match(await page.locator('#map g.edge.broken[data-codes="NET002"]').getAttribute('aria-label'), /^cassée par NET002\u00a0: collecte de prometheus vers host\.docker\.internal/);
  assert.match(await page.locator('#map g.node[data-id="grafana"]').getAttribute('aria-label'), /conteneur/);
  await page.locator('#map').scrollIntoViewIfNeeded();
  await shot(page, '13-map-fr');
  await context.close();
  const phone = await open('#/examples/esxi?lang=fr', { viewport: { width: 375, height: 740 } });
  await phone.page.click('.map-toggle');
  await phone.page.waitForFunction(() => document.querySelector('#map').dataset.state === 'ready');
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await phone.page.locator('#map').scrollIntoViewIfNeeded();
  await shot(phone.page, '14-map-phone');
  // On a phone, the list under the picture leads to the line too.
  await phone.page.click('.map-broken-go:has-text("NET002")');
  await phone.page.waitForFunction(() => document.querySelector('[role="tab"][aria-selected="true"] .tab-name')?.textContent === 'monitoring/prometheus.yml');
  assert.deepEqual([...errors, ...phone.errors], []);
  await phone.context.close();
});

test('usable on a phone: no sideways scrolling, every control reachable', async () => {
  const { page, context } = await open('#/examples/microk8s?lang=fr', { viewport: { width: 375, height: 740 } });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await shot(page, '10-phone');
  // The diagnostics are below the editor: a button near the top leads there.
  const jump = page.locator('.jump-diag');
  assert.match(await jump.textContent(), /Diagnostics \(\d+\)/);
  await jump.click();
  await page.waitForFunction(() => document.getElementById('diag-title').getBoundingClientRect().top < window.innerHeight);
  await page.goto(`${server.url}#/rules/NET001?lang=fr`);
  await page.waitForSelector('.rule-page');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth) <= 0);
  await shot(page, '11-phone-rule');
  await context.close();
});

test('runtime findings (issue 13): a flag typo, anonymous Admin and a unit\'s flag at their lines, like the CLI, in English and French', async () => {
  // The page has no folder to list, so bind-mount-source-missing (DC006) and the folder cases
  // of config-file-not-found are CLI-only; everything else of the runtime view is the same core.
  const compose = [
    'services:',
    '  prometheus:',
    '    image: prom/prometheus:v2.53.0',
    '    command:',
    '      - --config.file=/etc/prometheus/prometheus.yml',
    '      - --web.enable-lifecyle',
    '    volumes:',
    '      - prometheus-data:/prometheus',
    '  grafana:',
    '    image: grafana/grafana:11.2.0',
    '    environment:',
    '      GF_AUTH_ANONYMOUS_ENABLED: "true"',
    '      GF_AUTH_ANONYMOUS_ORG_ROLE: Admin',
    'volumes:',
    '  prometheus-data: {}',
    '',
  ].join('\n');
  const unit = [
    '[Service]',
    'EnvironmentFile=-/etc/default/prometheus',
    'ExecStart=/usr/local/bin/prometheus \\',
    '    --config.file=/etc/prometheus/prometheus.yml \\',
    '    --storage.tsdb.retention.tme=15d \\',
    '    $ARGS',
    '',
  ].join('\n');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diagnose-runtime-'));
  fs.writeFileSync(path.join(dir, 'docker-compose.yml'), compose);
  fs.writeFileSync(path.join(dir, 'prometheus.service'), unit);
  const en = cliCheck(dir, 'en');
  const fr = cliCheck(dir, 'fr');
  fs.rmSync(dir, { recursive: true });
  // What the CLI says, so the comparison below can fail: each finding at its line.
  const at = (r, code, file) => r.diagnostics.filter((d) => d.code === code && d.file === file).map((d) => d.line);
  assert.deepEqual(at(en, 'PROM008', 'docker-compose.yml'), [6]);
  assert.deepEqual(at(en, 'GRAF010', 'docker-compose.yml'), [13]);
  assert.deepEqual(at(en, 'PROM008', 'prometheus.service'), [5]);

  const { page, context, errors } = await open('#/?lang=en');
  let seq = await seqOf(page);
  await page.fill('#editor-text', compose);
  await relinted(page, seq);
  await page.click('.add-tab');
  await page.waitForFunction(() => document.activeElement?.id === 'file-name');
  await page.fill('#file-name', 'prometheus.service');
  seq = await seqOf(page);
  await page.fill('#editor-text', unit);
  await relinted(page, seq);
  assert.deepEqual(await tabNames(page), ['docker-compose.yml', 'prometheus.service']);
  assert.match(await page.textContent('.file-meta .kind'), /systemd-unit/);
  const listed = await shown(page);
  assert.deepEqual(byPlace(listed), byPlace(expected(en)), 'English, as the CLI');
  const typo = listed.find((d) => d.code === 'PROM008' && d.file === 'docker-compose.yml');
  assert.equal(typo.line, 6);
  assert.match(typo.message, /Prometheus has no flag --web\.enable-lifecyle/);
  const anon = listed.find((d) => d.code === 'GRAF010');
  assert.equal(anon.severity, 'error');
  assert.equal(anon.line, 13);
  const removed = listed.find((d) => d.code === 'PROM008' && d.file === 'prometheus.service');
  assert.equal(removed.line, 5, 'a flag of a systemd unit, on its own continuation line');
  await shot(page, '12-runtime-findings');
  await switchLang(page, 'fr');
  const french = await shown(page);
  assert.deepEqual(byPlace(french), byPlace(expected(fr)), 'French, as the CLI');
  assert.match(french.find((d) => d.code === 'PROM008' && d.line === 6).message, /Prometheus n’a pas d’option --web\.enable-lifecyle/);
  assert.match(french.find((d) => d.code === 'GRAF010').message, /reçoivent le rôle Admin/);
  // Fixing the typo in the compose tab removes that finding only.
  await page.click('[role="tab"]:has-text("docker-compose.yml")');
  seq = await seqOf(page);
  await page.fill('#editor-text', compose.replace('lifecyle', 'lifecycle'));
  await relinted(page, seq);
  const after = await shown(page);
  assert.equal(after.filter((d) => d.code === 'PROM008' && d.file === 'docker-compose.yml').length, 0);
  assert.equal(after.filter((d) => d.code === 'GRAF010').length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});
