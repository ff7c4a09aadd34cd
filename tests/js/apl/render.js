#!/usr/bin/env node
/*
 * render.js — render an APL document with Amazon's web view host (apl-viewhost-web 1.4.0, APL core
 * compiled to WASM) in headless Debian Chromium, offline, and report layout findings.
 *
 * Usage:
 *   node render.js <doc.json> <viewport> <out-dir> [--at 0,3000,12000] [--press <id|argument>]
 *                  [--fast] [--jobs N] [--timeout-ms N]
 *
 *   <doc.json>   {"document": {...}, "datasources": {...}} as in an Alexa.Presentation.APL.RenderDocument
 *                directive, or a bare APL document.
 *   <viewport>   one of the names below, a comma-separated list, or "all".
 *   <out-dir>    gets <viewport>/t<ms>.png and <viewport>/t<ms>.json for each requested time.
 *   --at         elapsed times in ms since the document mounted (default 0).
 *   --press      after the last snapshot, tap the TouchWrapper with this APL id, or the one whose
 *                onPress contains this SendEvent argument (e.g. "next"), and record the SendEvent
 *                arguments the renderer emits.
 *   --fast       jump the document clock to each time instead of waiting in real time.
 *   --jobs N     viewports rendered at once (each in its own browser; default 1).
 *
 * Prints a summary JSON on stdout. Exit code 0 when every viewport rendered (findings do not change
 * it: the caller decides), 2 when the harness itself failed (bad args, browser crash, invalid doc).
 *
 * One browser per viewport: APL's elapsedTime is advanced by requestAnimationFrame, which Chromium
 * only runs for the page in front; several pages in one browser would starve each other.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const puppeteer = require('puppeteer-core');

// Echo hub viewports. Pixel size + dpi are what the device reports; dp = px * 160 / dpi.
// Sources: apl-suggester 2024.2.0 dist/src/configs/viewportProfiles/*.json (Amazon's own device
// list, sizes in dp) and the APL docs' profile ranges; see the report for details.
const VIEWPORTS = {
  hubRoundSmall:      { device: 'Echo Spot',                   pixelWidth: 480,  pixelHeight: 480,  dpi: 160, shape: 'ROUND' },
  hubLandscapeSmall:  { device: 'Echo Show 5',                 pixelWidth: 960,  pixelHeight: 480,  dpi: 160, shape: 'RECTANGLE' },
  hubLandscapeMedium: { device: 'Echo Show 8',                 pixelWidth: 1280, pixelHeight: 800,  dpi: 213, shape: 'RECTANGLE' },
  hubLandscapeLarge:  { device: 'Echo Show 10 (Echo Show 2)',  pixelWidth: 1280, pixelHeight: 800,  dpi: 160, shape: 'RECTANGLE' },
  hubLandscapeXLarge: { device: 'Echo Show 15',                pixelWidth: 1920, pixelHeight: 1080, dpi: 160, shape: 'RECTANGLE' },
};

const HERE = __dirname;
const VIEWHOST_JS = require.resolve('apl-viewhost-web'); // node_modules/apl-viewhost-web/index.js
const PAGE_JS = path.join(HERE, 'render-page.js');
const ORIGIN = 'http://apl-harness.invalid'; // never resolved: every request is answered by us

function usage(msg) {
  process.stderr.write(`${msg}\nusage: node render.js <doc.json> <viewport|all|a,b> <out-dir> [--at 0,3000] [--press id|arg] [--fast] [--jobs N]\n` +
    `viewports: ${Object.keys(VIEWPORTS).join(', ')}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const pos = [];
  const opt = { at: [0], press: null, fast: false, jobs: 1, timeoutMs: 120000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--at') opt.at = argv[++i].split(',').map((s) => Number(s.trim()));
    else if (a === '--press') opt.press = argv[++i];
    else if (a === '--fast') opt.fast = true;
    else if (a === '--jobs') opt.jobs = Math.max(1, Number(argv[++i]) || 1);
    else if (a === '--timeout-ms') opt.timeoutMs = Number(argv[++i]);
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else pos.push(a);
  }
  if (pos.length !== 3) usage('need <doc.json> <viewport> <out-dir>');
  if (opt.at.some((t) => !Number.isFinite(t) || t < 0)) usage('--at takes non-negative milliseconds');
  opt.at = [...new Set(opt.at)].sort((a, b) => a - b);
  const [docPath, vpArg, outDir] = pos;
  const names = vpArg === 'all' ? Object.keys(VIEWPORTS) : vpArg.split(',');
  for (const n of names) if (!VIEWPORTS[n]) usage(`unknown viewport ${n}`);
  return { docPath, names, outDir, ...opt };
}

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch (e) {
    throw new Error('chromium not found on PATH (Debian: apt-get install -y --no-install-recommends chromium)');
  }
}

// The page: the view host bundle, our page script, and an @font-face alias that maps the fonts the
// view host asks for (Amazon Ember / Bookerly, normally fetched from a CDN) onto local DejaVu.
function pageHtml(vp) {
  const faces = [];
  const sans = [['DejaVu Sans', 'DejaVuSans', 'normal', '100 599'], ['DejaVu Sans Bold', 'DejaVuSans-Bold', 'normal', '600 900'],
    ['DejaVu Sans Oblique', 'DejaVuSans-Oblique', 'italic', '100 599'], ['DejaVu Sans Bold Oblique', 'DejaVuSans-BoldOblique', 'italic', '600 900']];
  const serif = [['DejaVu Serif', 'DejaVuSerif', 'normal', '100 599'], ['DejaVu Serif Bold', 'DejaVuSerif-Bold', 'normal', '600 900'],
    ['DejaVu Serif Italic', 'DejaVuSerif-Italic', 'italic', '100 599'], ['DejaVu Serif Bold Italic', 'DejaVuSerif-BoldItalic', 'italic', '600 900']];
  for (const [family, set] of [['amazon-ember-display', sans], ['Bookerly', serif]]) {
    for (const [full, ps, style, weight] of set) {
      faces.push(`@font-face{font-family:'${family}';src:local('${full}'),local('${ps}');font-style:${style};font-weight:${weight};}`);
    }
  }
  // Round screen: show only the inscribed circle (grey outside, so the edge is visible in the PNG).
  // clip-path also stops touches outside the circle, as on the device.
  const round = vp.shape === 'ROUND' ? 'body{background:#404040;}#apl{clip-path:circle(50%);}' : '';
  return `<!doctype html><html><head><meta charset="utf-8">
<style>html,body{margin:0;padding:0;background:#000;overflow:hidden;}${round}</style>
</head><body><div id="apl"></div>
<script src="${ORIGIN}/viewhost.js"></script>
<script>
// The bundle injects @font-face rules pointing at a CDN; drop them so only our local aliases exist.
for (const sheet of Array.from(document.styleSheets)) {
  try {
    const rules = sheet.cssRules;
    for (let i = rules.length - 1; i >= 0; i--) if (rules[i] instanceof CSSFontFaceRule) sheet.deleteRule(i);
  } catch (e) { /* cross-origin sheet: none expected */ }
}
const s = document.createElement('style'); s.id = 'harness-fonts';
s.textContent = ${JSON.stringify(faces.join('\n'))};
document.head.appendChild(s);
</script>
<script src="${ORIGIN}/render-page.js"></script>
</body></html>`;
}

async function renderViewport(name, input, opt) {
  const vp = { name, ...VIEWPORTS[name] };
  const t0 = Date.now();
  const res = { viewport: { ...vp, dpWidth: round2(vp.pixelWidth * 160 / vp.dpi), dpHeight: round2(vp.pixelHeight * 160 / vp.dpi) } };
  const outDir = path.join(opt.outDir, name);
  fs.mkdirSync(outDir, { recursive: true });
  const blocked = [];
  const consoleErrors = [];

  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',                         // we run as root in a container
      '--disable-gpu',
      '--hide-scrollbars',
      '--font-render-hinting=none',           // stable text metrics between runs
      '--force-color-profile=srgb',
      '--disable-background-timer-throttling', // keep rAF/timers running at full rate
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
      '--lang=en-US',
    ],
    defaultViewport: { width: vp.pixelWidth, height: vp.pixelHeight, deviceScaleFactor: 1, hasTouch: true, isMobile: false },
    protocolTimeout: opt.timeoutMs,
  });
  try {
    const page = (await browser.pages())[0] || await browser.newPage();
    page.setDefaultTimeout(opt.timeoutMs);
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 300)); });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message.slice(0, 300)}`));
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      const url = req.url();
      if (url.startsWith('data:')) return req.continue(); // the inlined WASM binary
      const files = { [`${ORIGIN}/index.html`]: ['text/html; charset=utf-8', () => pageHtml(vp)],
        [`${ORIGIN}/viewhost.js`]: ['application/javascript; charset=utf-8', () => fs.readFileSync(VIEWHOST_JS)],
        [`${ORIGIN}/render-page.js`]: ['application/javascript; charset=utf-8', () => fs.readFileSync(PAGE_JS)] };
      if (files[url]) return req.respond({ status: 200, contentType: files[url][0], body: files[url][1]() });
      if (url === `${ORIGIN}/favicon.ico`) return req.respond({ status: 204, body: '' });
      blocked.push(url.slice(0, 200));  // anything else (CDN fonts, images, packages): offline
      return req.abort('blockedbyclient');
    });
    await page.goto(`${ORIGIN}/index.html`, { waitUntil: 'load' });
    // Make sure the aliased faces are loaded before the view host measures any text.
    await page.evaluate(async () => {
      const specs = ['400 20px amazon-ember-display', '700 20px amazon-ember-display', 'italic 400 20px amazon-ember-display',
        'italic 700 20px amazon-ember-display', '400 20px Bookerly', '700 20px Bookerly'];
      await Promise.all(specs.map((s) => document.fonts.load(s)));
    });
    res.launchMs = Date.now() - t0;

    const tMount = Date.now();
    await page.evaluate((cfg) => window.harness.start(cfg),
      { document: input.renderDocument, datasources: input.datasources, touchDefs: input.touchDefs, viewport: vp });
    res.mountMs = Date.now() - tMount;

    res.snapshots = [];
    for (const t of opt.at) {
      const clock = await page.evaluate((ms, fast) => window.harness.advanceTo(ms, fast), t, opt.fast);
      const m = await page.evaluate(() => window.harness.measure());
      const png = path.join(outDir, `t${t}.png`);
      await page.screenshot({ path: png, clip: { x: 0, y: 0, width: vp.pixelWidth, height: vp.pixelHeight } });
      const snap = { doc: input.file, viewport: res.viewport, ...clock, ...m };
      const json = path.join(outDir, `t${t}.json`);
      fs.writeFileSync(json, JSON.stringify(snap, null, 1));
      res.snapshots.push(summarize(snap, png, json));
      if (!res.platformFonts) res.platformFonts = await platformFonts(page);
      await page.evaluate(() => window.harness.resume());
    }

    if (opt.press) {
      const target = await page.evaluate((t) => window.harness.findTouchTarget(t), opt.press);
      const before = (await page.evaluate(() => window.harness.state())).sendEvents.length;
      res.press = { target: opt.press, found: !!target };
      if (target) {
        Object.assign(res.press, { matchedBy: target.how, candidates: target.candidates, id: target.id, boundsPx: target.boundsPx, reachable: target.reachable, sendEvents: [] });
      }
      if (target && target.reachable) {
        Object.assign(res.press, { visiblePx: target.visiblePx, tapPx: { x: round2(target.x), y: round2(target.y) } });
        await page.touchscreen.tap(target.x, target.y);
        // The SendEvent is popped from APL core on the next frames; give it a moment.
        const deadline = Date.now() + 2000;
        let events = [];
        while (Date.now() < deadline) {
          events = (await page.evaluate(() => window.harness.state())).sendEvents.slice(before);
          if (events.length) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        res.press.sendEvents = events;
      }
    }

    const st = await page.evaluate(() => window.harness.state());
    res.sendEvents = st.sendEvents;
    res.runtimeErrors = st.runtimeErrors;
    res.rendererLogs = st.logs.filter((l) => l.level !== 'debug' && l.level !== 'info' && l.level !== 'trace');
    res.consoleErrors = consoleErrors;
    res.blockedRequests = [...new Set(blocked)];
    res.ok = true;
  } catch (e) {
    res.ok = false;
    res.error = String(e && e.stack || e).slice(0, 2000);
    res.consoleErrors = consoleErrors;
  } finally {
    await browser.close().catch(() => {});
    res.totalMs = Date.now() - t0;
  }
  return res;
}

// Which font files Chromium actually drew the document's text with (CDP CSS.getPlatformFontsForNode).
// Expect exactly one family (DejaVu Sans): a second one means measuring and drawing may disagree.
async function platformFonts(page) {
  const cdp = await page.target().createCDPSession();
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '#apl *' });
    const used = {};
    for (const nodeId of nodeIds) {
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      for (const f of fonts) used[f.familyName] = (used[f.familyName] || 0) + f.glyphCount;
    }
    return used; // family -> glyph count
  } catch (e) {
    return { error: String(e.message || e) };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

// Short per-snapshot view for the stdout summary (full detail is in the JSON file).
function summarize(snap, png, json) {
  const label = (c) => (c.id ? `${c.type}#${c.id}` : c.text ? `${c.type}("${c.text.slice(0, 30)}")` : `${c.type}@${c.uid}`);
  const comps = snap.components;
  return {
    atMs: snap.requestedMs,
    elapsedMs: snap.elapsedMs,
    png, json,
    texts: Object.fromEntries(comps.filter((c) => c.type === 'Text' && c.id).map((c) => [c.id, c.text])),
    // Only what a user reads or touches; the JSON file flags every component.
    clipped: comps.filter((c) => c.clipped && (c.type === 'TouchWrapper' || (c.type === 'Text' && c.text))).map((c) => ({
      component: label(c),
      why: [c.textOverflow && 'text overflows its box', c.pastViewportEdges.length && `past viewport ${c.pastViewportEdges.join('/')}`,
        c.pastParentEdges.length && `past parent ${c.pastParentEdges.join('/')}`, c.insideRoundScreen === false && 'outside round screen']
        .filter(Boolean).join('; '),
      boundsPx: c.boundsPx,
    })),
    notFullyInViewport: comps.filter((c) => c.inViewport !== 'inside').map((c) => `${label(c)}: ${c.inViewport}`),
    overlaps: snap.overlaps,
  };
}

// Copy the document and give every TouchWrapper definition without an id a harness id, so --press
// can map rendered TouchWrappers back to their onPress (conditional "when" inflation and layouts
// make document order useless). An id has no effect on layout; the page reports harness ids as null.
// Returns {renderDocument, touchDefs: {id: JSON of onPress}} (ids shared by several definitions
// get their onPress lists concatenated).
function tagTouchWrappers(doc) {
  const copy = JSON.parse(JSON.stringify(doc));
  const touchDefs = {};
  let n = 0;
  const visit = (o) => {
    if (Array.isArray(o)) { o.forEach(visit); return; }
    if (!o || typeof o !== 'object') return;
    if (o.type === 'TouchWrapper') {
      if (typeof o.id !== 'string' || !o.id) o.id = `__harness_tw${n++}`;
      touchDefs[o.id] = (touchDefs[o.id] || '') + JSON.stringify(o.onPress || []);
    }
    for (const v of Object.values(o)) visit(v);
  };
  visit(copy.mainTemplate);
  visit(copy.layouts);
  return { renderDocument: copy, touchDefs };
}

function round2(v) { return Math.round(v * 100) / 100; }

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const raw = JSON.parse(fs.readFileSync(opt.docPath, 'utf8'));
  const isPayload = raw && raw.document && raw.type !== 'APL';
  const input = { file: opt.docPath, document: isPayload ? raw.document : raw, datasources: isPayload ? (raw.datasources || {}) : {} };
  Object.assign(input, tagTouchWrappers(input.document));

  const started = Date.now();
  const queue = [...opt.names];
  const results = {};
  const worker = async () => {
    while (queue.length) {
      const name = queue.shift();
      results[name] = await renderViewport(name, input, opt);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opt.jobs, opt.names.length) }, worker));

  const summary = {
    doc: opt.docPath,
    clock: opt.fast ? 'fast (jumps)' : 'real time',
    atMs: opt.at,
    totalMs: Date.now() - started,
    ok: opt.names.every((n) => results[n].ok),
    viewports: opt.names.map((n) => results[n]),
  };
  process.stdout.write(JSON.stringify(summary, null, 1) + '\n');
  process.exit(summary.ok ? 0 : 2);
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(2);
});
