/*
 * render-page.js — runs INSIDE the headless Chromium page (not in node).
 *
 * Loaded by render.js after node_modules/apl-viewhost-web/index.js (the UMD bundle that defines
 * window.AplRenderer; APL core is compiled to WASM and inlined in it as a base64 data: URL).
 * Exposes window.harness with:
 *   start(cfg)        create the renderer for one viewport and mount the document
 *   advanceTo(ms)     make the document's elapsed time exactly `ms` (real waiting, or a jump)
 *   measure()         list every component with bounds/clipping/overlap findings
 *   findTouchTarget(t) locate a TouchWrapper by id or by a SendEvent argument in its onPress
 *   resume()          let time run again after a measurement
 *
 * Clock control: APL's elapsedTime and every command `delay` are driven by the renderer's
 * requestAnimationFrame loop, which calls context.updateTime(Date.now() - startTime). We wrap
 * Date.now so the harness can (a) FREEZE the document clock at exactly the requested time while it
 * measures and screenshots, and (b) optionally JUMP forward (--fast) instead of waiting in real
 * time. APL core fires all timers that fall inside a jump, in order, so a jump is equivalent to
 * waiting (animations would just land on their end state).
 */
(function () {
  'use strict';

  // ---- controllable clock -------------------------------------------------------------------
  const realNow = Date.now.bind(Date);
  const clock = { offset: 0, frozenAt: null };
  Date.now = function () { return clock.frozenAt !== null ? clock.frozenAt : realNow() + clock.offset; };

  const nextFrame = () => new Promise((res) => requestAnimationFrame(() => res()));
  const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

  const state = {
    renderer: null,
    cfg: null,
    sendEvents: [],     // every SendEvent the renderer emitted: {at, arguments, source}
    runtimeErrors: [],  // onRunTimeError payloads from APL core
    logs: [],           // renderer warnings/errors (logTransport)
    finished: false,
  };

  // Enum number -> name, e.g. ComponentType[3] === 'kComponentTypeText' -> 'Text'.
  function typeName(t) {
    const n = window.AplRenderer.ComponentType[t];
    return n ? n.replace(/^kComponentType/, '') : String(t);
  }

  async function start(cfg) {
    state.cfg = cfg;
    const R = window.AplRenderer;
    // initEngine() only resolves on Module.onRuntimeInitialized; if the WASM is already up
    // (Module.Content exists) waiting for it would hang forever.
    if (!(window.Module && window.Module.Content && window.Module.Context)) {
      await R.initEngine();
    }

    const content = R.Content.create(JSON.stringify(cfg.document));
    // RenderDocument binding: mainTemplate parameter "payload" gets the whole datasources object
    // (legacy convention); any other parameter gets datasources[name].
    const params = (cfg.document.mainTemplate && cfg.document.mainTemplate.parameters) || [];
    for (const p of params) {
      const name = typeof p === 'string' ? p : p && p.name;
      if (!name) continue;
      if (name === 'payload' && !(cfg.datasources && 'payload' in cfg.datasources)) {
        content.addData(name, JSON.stringify(cfg.datasources || {}));
      } else if (cfg.datasources && name in cfg.datasources) {
        content.addData(name, JSON.stringify(cfg.datasources[name]));
      } else {
        state.logs.push({ level: 'warn', msg: `no datasource for mainTemplate parameter "${name}"` });
        content.addData(name, '{}');
      }
    }
    if (!content.isReady()) {
      throw new Error('APL content is not ready (unresolved imports or parameters?): error=' + content.isError());
    }

    const view = document.getElementById('apl');
    const vp = cfg.viewport;
    const renderer = R.default.create({
      content,
      view,
      environment: { agentName: 'apl-render-harness', agentVersion: '1.0', allowOpenUrl: false, disallowVideo: true },
      viewport: { width: vp.pixelWidth, height: vp.pixelHeight, dpi: vp.dpi, isRound: vp.shape === 'ROUND', shape: vp.shape },
      theme: cfg.document.theme || 'dark',
      mode: 'HUB',
      utcTime: Date.now(),
      localTimeAdjustment: -new Date().getTimezoneOffset() * 60000,
      notLoadFonts: true, // FontUtils would try to fetch Amazon Ember from a CDN; fonts are aliased locally instead
      logLevel: 'warn',
      logTransport: (level, loggerName, message) => {
        state.logs.push({ level, logger: loggerName, msg: String(message).slice(0, 500) });
      },
      onSendEvent: (ev) => {
        state.sendEvents.push({
          atElapsedMs: currentElapsed(),
          arguments: ev.arguments,
          sourceId: ev.source && ev.source.id,
          sourceType: ev.source && ev.source.type,
        });
      },
      onRunTimeError: (errs) => { state.runtimeErrors.push(...errs); },
      onFinish: () => { state.finished = true; },
    });
    state.renderer = renderer;
    await renderer.init();
    if (!renderer.context) throw new Error('renderer.init() produced no context (invalid document?)');
    // The rAF loop sets renderer.startTime on its first frame: that is "mount" for us.
    while (Number.isNaN(renderer.startTime)) await nextFrame();
    await nextFrame();
    return { startTime: renderer.startTime };
  }

  // Elapsed document time as APL core sees it (the value elapsedTime had at the last frame).
  function currentElapsed() {
    const r = state.renderer;
    return r && r.context ? r.context.currentTime() : null;
  }

  // Bring the document clock to exactly `ms` after mount and freeze it there.
  async function advanceTo(ms, fast) {
    const r = state.renderer;
    const target = r.startTime + ms;
    if (fast) {
      clock.offset += Math.max(0, target - Date.now());
    } else {
      // Wait in real time, then stop the clock right at the target.
      while (target - Date.now() > 40) await sleep(Math.min(250, target - Date.now() - 30));
    }
    clock.frozenAt = Math.max(target, Date.now());
    // Two frames: one for core to run timers/bindings at the frozen time, one for the view host
    // to apply the dirty properties to the DOM (text re-layout included).
    await nextFrame(); await nextFrame(); await nextFrame();
    return { requestedMs: ms, elapsedMs: currentElapsed(), frozenLateByMs: clock.frozenAt - target };
  }

  // Unfreeze: time continues from where it was frozen (the pause is cut out of the timeline).
  function resume() {
    if (clock.frozenAt === null) return;
    clock.offset = clock.frozenAt - realNow();
    clock.frozenAt = null;
  }

  // ---- measurement --------------------------------------------------------------------------
  // Tolerance in px. APL core rounds layout to whole pixels; at 213 dpi neighbours can share a
  // pixel row (e.g. 238+116=354 vs next top 353), which must not count as overlap or overflow.
  const EPS = 1.5;

  function rectOf(el) {
    const b = el.getBoundingClientRect();
    return { x: b.left, y: b.top, w: b.width, h: b.height };
  }
  const r2 = (v) => Math.round(v * 100) / 100;
  function roundRect(r) { return { x: r2(r.x), y: r2(r.y), w: r2(r.w), h: r2(r.h) }; }
  function toDp(r, dpi) { const k = 160 / dpi; return roundRect({ x: r.x * k, y: r.y * k, w: r.w * k, h: r.h * k }); }
  function intersect(a, b) {
    const x = Math.max(a.x, b.x), y = Math.max(a.y, b.y);
    const w = Math.min(a.x + a.w, b.x + b.w) - x, h = Math.min(a.y + a.h, b.y + b.h) - y;
    return w > EPS && h > EPS ? { x, y, w, h } : null;
  }
  function edgesPast(inner, outer) {
    const out = [];
    if (inner.x < outer.x - EPS) out.push('left');
    if (inner.y < outer.y - EPS) out.push('top');
    if (inner.x + inner.w > outer.x + outer.w + EPS) out.push('right');
    if (inner.y + inner.h > outer.y + outer.h + EPS) out.push('bottom');
    return out;
  }
  // Is the whole rect inside the round screen (circle inscribed in the viewport)?
  function insideCircle(r, vpW, vpH) {
    const cx = vpW / 2, cy = vpH / 2, rad = Math.min(vpW, vpH) / 2 + EPS;
    return [[r.x, r.y], [r.x + r.w, r.y], [r.x, r.y + r.h], [r.x + r.w, r.y + r.h]]
      .every(([x, y]) => Math.hypot(x - cx, y - cy) <= rad);
  }

  function isShown(el) {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0) return false;
    }
    return true;
  }

  function measure() {
    const R = window.AplRenderer;
    const r = state.renderer;
    const vp = state.cfg.viewport;
    const view = document.getElementById('apl');
    const vr = rectOf(view);
    const vpRect = { x: 0, y: 0, w: vp.pixelWidth, h: vp.pixelHeight };
    const comps = [];
    const byUid = new Map();

    // Walk the view host's component tree from the top so parents come before children.
    const walk = (c, parentUid, depth) => {
      if (!c || !c.container) return;
      const uid = c.id;
      const el = c.container;
      // Layout truth: APL core's global bounds (viewport pixels). The view host may draw a
      // different DOM box: it shrinks children that stick out of their parent ("Adjusting ... to
      // parent" warnings), so both are reported; findings use the core bounds.
      const g = c.component.getGlobalBounds();
      const px = { x: g.left, y: g.top, w: g.width, h: g.height };
      const raw = rectOf(el);
      const dom = { x: raw.x - vr.x, y: raw.y - vr.y, w: raw.w, h: raw.h };
      const type = typeName(c.component.getType());
      const item = {
        uid, id: publicId(c.assignedId), type, depth, parentUid,
        boundsPx: roundRect(px), boundsDp: toDp(px, vp.dpi), domBoundsPx: roundRect(dom),
        shown: isShown(el),
      };
      if (c instanceof R.Text) {
        const styled = c.component.getCalculatedByKey(R.PropertyKey.kPropertyText); // StyledText {text, spans}
        item.text = styled && typeof styled === 'object' ? String(styled.text) : String(styled == null ? '' : styled);
        // Text draws into an inner element (c.textContainer); the outer box has the size APL core
        // computed from the view host's own measurement (TextMeasurement). Compare the two.
        const inner = c.textContainer || el.firstElementChild || el;
        const box = { w: el.clientWidth, h: el.clientHeight };
        const laid = { w: Math.max(inner.scrollWidth, el.scrollWidth), h: Math.max(inner.scrollHeight, el.scrollHeight) };
        const range = document.createRange(); range.selectNodeContents(inner);
        const rects = Array.from(range.getClientRects());
        const lineTops = new Set(rects.map((q) => Math.round(q.top)));
        const tb = range.getBoundingClientRect();
        const eb = el.getBoundingClientRect();
        // Range rects include the space a line was broken at, which hangs past the right edge
        // without being drawn; horizontally trust scrollWidth (it ignores hanging spaces) instead.
        const right = Math.min(tb.right, Math.max(eb.right, eb.left + laid.w));
        // linesPx: union of the text's line boxes (where glyphs can be), in viewport pixels.
        item.textLayout = {
          boxPx: { w: r2(box.w), h: r2(box.h) },
          contentPx: { w: r2(laid.w), h: r2(laid.h) },
          linesPx: roundRect({ x: tb.left - vr.x, y: tb.top - vr.y, w: right - tb.left, h: tb.height }),
          lines: item.text ? lineTops.size : 0,
          font: (() => { const cs = getComputedStyle(inner); return `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`; })(),
        };
        item.textOverflow = !!item.text && (laid.h > box.h + 1 || laid.w > box.w + 1 || tb.bottom > eb.bottom + 1);
      }
      comps.push(item);
      byUid.set(uid, item);
      for (const child of c.children || []) walk(child, uid, depth + 1);
    };
    walk(r.top, null, 0);

    // Per-component findings.
    for (const item of comps) {
      const b = item.boundsPx;
      const outVp = edgesPast(b, vpRect);
      item.inViewport = outVp.length === 0 ? 'inside' : (intersect(b, vpRect) ? 'partial' : 'outside');
      item.pastViewportEdges = outVp;
      // Round screen: a Text's box usually spans the full width, so judge text by its ink (the
      // glyphs' extent); other components by their box.
      if (vp.shape === 'ROUND') {
        const ink = item.textLayout && item.text ? item.textLayout.linesPx : null;
        item.insideRoundScreen = insideCircle(ink || b, vp.pixelWidth, vp.pixelHeight);
      }
      const parent = item.parentUid && byUid.get(item.parentUid);
      item.pastParentEdges = parent ? edgesPast(b, parent.boundsPx) : [];
      // "clipped": something the user cannot fully see. Only meaningful for visible, non-empty boxes.
      const visibleBox = item.shown && b.w > EPS && b.h > EPS;
      item.clipped = visibleBox && (!!item.textOverflow || outVp.length > 0 || item.pastParentEdges.length > 0 ||
        (vp.shape === 'ROUND' && (item.type === 'Text' || item.type === 'TouchWrapper') && item.insideRoundScreen === false && !!(item.text || item.type === 'TouchWrapper')));
    }

    // Pairwise overlaps among visible Text / TouchWrapper components that are not nested
    // (ancestor/descendant pairs always overlap by construction).
    const isAncestor = (a, d) => { for (let p = d.parentUid; p; p = byUid.get(p) && byUid.get(p).parentUid) if (p === a.uid) return true; return false; };
    const interesting = comps.filter((c) => (c.type === 'Text' || c.type === 'TouchWrapper') && c.shown &&
      c.boundsPx.w > EPS && c.boundsPx.h > EPS && !(c.type === 'Text' && !c.text));
    const overlaps = [];
    for (let i = 0; i < interesting.length; i++) {
      for (let j = i + 1; j < interesting.length; j++) {
        const a = interesting[i], b = interesting[j];
        if (isAncestor(a, b) || isAncestor(b, a)) continue;
        const x = intersect(drawnRect(a), drawnRect(b));
        if (x) overlaps.push({ a: label(a), b: label(b), areaPx: r2(x.w * x.h), rectPx: roundRect(x) });
      }
    }
    return { components: comps, overlaps };
  }

  // Where a component paints: its box, plus for Text the line boxes, since the view host does not
  // clip text that overflows its box (it spills over whatever is below).
  function drawnRect(c) {
    const b = c.boundsPx;
    const l = c.textLayout && c.text ? c.textLayout.linesPx : null;
    if (!l) return b;
    const x = Math.min(b.x, l.x), y = Math.min(b.y, l.y);
    return { x, y, w: Math.max(b.x + b.w, l.x + l.w) - x, h: Math.max(b.y + b.h, l.y + l.h) - y };
  }

  function label(c) {
    return c.id ? `${c.type}#${c.id}` : (c.text !== undefined ? `${c.type}("${c.text.slice(0, 30)}")` : `${c.type}@${c.uid}`);
  }

  // ---- touch targets --------------------------------------------------------------------------
  // render.js gives every TouchWrapper definition without an id a harness id ("__harness_tw<N>")
  // and passes cfg.touchDefs: {id: onPress JSON}. That survives conditional inflation ("when") and
  // layouts, so a rendered TouchWrapper maps straight to its definition. Harness ids are reported
  // as id null.
  const HARNESS_ID = /^__harness_tw\d+$/;
  const publicId = (id) => (id && !HARNESS_ID.test(id) ? id : null);

  // Find a TouchWrapper by its APL id, or by a SendEvent argument in its onPress; among several
  // matches prefer one a finger can reach.
  function findTouchTarget(target) {
    const R = window.AplRenderer;
    const r = state.renderer;
    const vp = state.cfg.viewport;
    const rendered = [];
    const walk = (c) => { if (!c) return; if (c instanceof R.TouchWrapper) rendered.push(c); for (const ch of c.children || []) walk(ch); };
    walk(r.top);
    const defs = state.cfg.touchDefs || {};
    const byId = rendered.filter((c) => publicId(c.assignedId) === target).map((c) => [c, 'id']);
    const byArg = rendered.filter((c) => defs[c.assignedId] !== undefined && defs[c.assignedId].includes(JSON.stringify(target)))
      .map((c) => [c, 'onPress argument']);
    const candidates = (byId.length ? byId : byArg).map(([c, how]) => tapPoint(c, how, vp));
    if (!candidates.length) return null;
    const res = candidates.find((t) => t.reachable) || candidates[0];
    res.candidates = candidates.length;
    return res;
  }

  // Tap where a finger could: the centre of the part of the wrapper that is on screen (core bounds,
  // clipped to the viewport; on a round screen also inside the circle). Nothing on screen -> not
  // reachable, no tap.
  function tapPoint(hit, how, vp) {
    const g = hit.component.getGlobalBounds();
    const b = { x: g.left, y: g.top, w: g.width, h: g.height };
    const vis = intersect(b, { x: 0, y: 0, w: vp.pixelWidth, h: vp.pixelHeight });
    let point = vis && { x: vis.x + vis.w / 2, y: vis.y + vis.h / 2 };
    if (point && vp.shape === 'ROUND') {
      // Take the on-screen grid point (8 px steps, 4 px inside the edges) nearest to the centre.
      const cx = vp.pixelWidth / 2, cy = vp.pixelHeight / 2, rad = Math.min(vp.pixelWidth, vp.pixelHeight) / 2 - 4;
      let best = null;
      for (let y = vis.y + 4; y <= vis.y + vis.h - 4; y += 8) {
        for (let x = vis.x + 4; x <= vis.x + vis.w - 4; x += 8) {
          if (Math.hypot(x - cx, y - cy) > rad) continue;
          const d = Math.hypot(x - point.x, y - point.y);
          if (!best || d < best.d) best = { x, y, d };
        }
      }
      point = best && { x: best.x, y: best.y };
    }
    const res = { how, uid: hit.id, id: publicId(hit.assignedId), boundsPx: roundRect(b), reachable: !!point };
    if (vis) res.visiblePx = roundRect(vis);
    if (point) {
      const vr = rectOf(document.getElementById('apl'));
      res.x = vr.x + point.x;
      res.y = vr.y + point.y;
    }
    return res;
  }

  window.harness = {
    start, advanceTo, resume, measure, findTouchTarget,
    elapsed: currentElapsed,
    renderer: () => state.renderer, // for debugging from devtools / page.evaluate
    state: () => ({ sendEvents: state.sendEvents, runtimeErrors: state.runtimeErrors, logs: state.logs, finished: state.finished }),
  };
})();
