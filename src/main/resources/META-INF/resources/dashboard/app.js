// Sitewatch dashboard: plain JavaScript over the app's own API, charts by uPlot (served from its WebJar).
// Times are shown in the browser's time zone; the API speaks UTC.
(function () {
  'use strict';

  const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const RANGES = { '24h': { ms: 24 * 3600e3, bucket: 'hour' }, '7d': { ms: 7 * 24 * 3600e3, bucket: 'day' } };
  const MAX_ALARM_PAGES = 10; // 500 each: the timeline draws at most the newest 5,000 alarms of a range
  const REFRESH_MS = 15e3; // the order rate and Now, besides the live events
  const SHAPES = { ORDER_FLOOD: '▲', CUSTOMER_FLOOD: '●', SITE_DOWN: '✖', SITE_SLOW: '◆', CERT_EXPIRING: '◇' };
  const SITE_TYPES = ['SITE_DOWN', 'SITE_SLOW', 'CERT_EXPIRING']; // a site check's alarms: key = the check's id, no orders
  const MAX_CHECK_DETAILS = 20; // checks whose 24 h uptime the page loads (the failing first); the rest show status only

  const state = { range: '24h', alarms: [], active: -1, charts: {}, checks: new Map(), uptime: new Map() };
  const $ = (id) => document.getElementById(id);
  const fmtTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const fmtClock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  const fmtDateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const fmtMinute = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const fmtDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
  const num = new Intl.NumberFormat(undefined);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined) return;
      if (k === 'text') node.textContent = v; else node.setAttribute(k, v);
    });
    children.flat().forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(String(c))));
    return node;
  }

  async function api(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) throw new Error(path + ' answered ' + response.status);
    return response.json();
  }

  function typeClass(type) { return SHAPES[type] ? 't-' + type : 't-other'; }
  function typeName(type) {
    return { ORDER_FLOOD: 'site-wide flood', CUSTOMER_FLOOD: 'customer flood', SITE_DOWN: 'site down', SITE_SLOW: 'site slow',
      CERT_EXPIRING: 'certificate expiring' }[type] || type;
  }
  function isSite(type) { return SITE_TYPES.includes(type); }
  function checkName(id) { const c = state.checks.get(id); return c ? c.name : 'check ' + id; }
  function ago(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 90) return s + ' s ago';
    if (s < 5400) return Math.round(s / 60) + ' min ago';
    return (s / 3600).toFixed(1) + ' h ago';
  }
  function describe(a) {
    if (isSite(a.type)) {
      return SHAPES[a.type] + ' ' + a.type + ' ' + checkName(a.key) + ': ' + siteWhat(a) + ' at ' + fmtDateTime.format(new Date(a.time));
    }
    return (SHAPES[a.type] || '■') + ' ' + a.type + (a.key ? ' ' + a.key : '') + ': ' + num.format(a.orderCount)
      + ' orders in ' + (a.window ? a.window.seconds : a.windowSeconds) + ' s at ' + fmtDateTime.format(new Date(a.time))
      + ' (threshold ' + a.threshold + ')';
  }
  // what a site alarm's threshold means (SiteEvent: failed rounds before down, slow ms, certificate days)
  function siteWhat(a) {
    if (a.type === 'SITE_DOWN') return 'down after ' + a.threshold + ' failed rounds';
    if (a.type === 'SITE_SLOW') return 'p95 over ' + num.format(a.threshold) + ' ms';
    return 'certificate ends within ' + a.threshold + ' days';
  }
  function failed(target, what, error) {
    console.warn(what, error); // not an error: the page goes on and says so
    target.textContent = 'Could not load ' + what + ' (' + error.message + '); retrying.';
  }

  // ---------------------------------------------------------------- Now
  async function loadNow() {
    const box = $('floods');
    try {
      const page = await api('/floods?limit=50');
      const floods = page.items.filter((f) => !isSite(f.type)); // site episodes: the checks below say it better
      const open = floods.filter((f) => f.open);
      const details = await Promise.all(open.slice(0, 6).map((f) => api('/floods/' + f.id)));
      box.replaceChildren();
      if (!open.length) {
        const last = floods[0];
        box.append(el('p', { class: 'calm', text: 'No flood open.' }),
          el('p', { class: 'muted', text: last ? 'Last flood ended ' + fmtDateTime.format(new Date(last.endedAt)) + '.' : 'No flood on record.' }));
      }
      details.forEach((f) => box.append(floodCard(f)));
      if (open.length > details.length) box.append(el('p', { text: (open.length - details.length) + ' more open floods not shown.' }));
    } catch (e) { failed(box, 'the floods', e); }
    loadSilences();
    loadChecks();
  }

  function floodCard(f) {
    const latest = (f.alarmList || [])[f.alarmList.length - 1] || {};
    const title = f.type === 'ORDER_FLOOD' ? 'Site-wide flood open' : f.type === 'CUSTOMER_FLOOD' ? 'Customer ' + f.key + ' flood open' : f.type + ' open';
    const tops = latest.topContributors || {};
    const list = (name, entries) => el('div', {}, el('h4', { text: name }),
      entries && entries.length ? el('ol', {}, entries.map((e) => el('li', { text: e.key + ' — ' + num.format(e.count) }))) : el('p', { class: 'muted', text: 'none' }));
    return el('article', { class: 'flood', 'data-flood-id': f.floodId },
      el('h3', { text: '⚠ ' + title }),
      el('dl', {},
        el('dt', { text: 'Since' }), el('dd', { text: fmtDateTime.format(new Date(f.startedAt)) + ' (' + ago(Date.now() - Date.parse(f.startedAt)) + ')' }),
        el('dt', { text: 'Current' }), el('dd', { class: 'current', text: latest.orderCount !== undefined ? num.format(latest.orderCount) + ' orders in ' + f.windowSeconds + ' s (latest alarm, ' + fmtTime.format(new Date(latest.time)) + ')' : '–' }),
        el('dt', { text: 'Peak' }), el('dd', { class: 'peak', text: num.format(f.peakCount) + ' at ' + fmtTime.format(new Date(f.peakAt)) }),
        el('dt', { text: 'Threshold' }), el('dd', { class: 'threshold', text: num.format(f.threshold) + ' in ' + f.windowSeconds + ' s' }),
        el('dt', { text: 'Alarms' }), el('dd', { text: num.format(f.alarms) })),
      el('div', { class: 'tops' }, list('Top customers', tops.customers), list('Top countries', tops.countries), list('Top items', tops.stockCodes)));
  }

  async function loadSilences() {
    const ul = $('silences');
    try {
      const silences = await api('/silences?state=active');
      ul.replaceChildren();
      if (!silences.length) ul.append(el('li', { class: 'muted', text: 'None: every alarm is sent.' }));
      silences.forEach((s) => {
        const m = s.matchers || {};
        const what = m.all ? 'all alarms' : [m.type, m.key && 'key ' + m.key, m.keyPrefix && 'key starting ' + m.keyPrefix].filter(Boolean).join(', ');
        ul.append(el('li', {}, el('strong', { text: '🔇 ' + what }), ' until ' + fmtDateTime.format(new Date(s.endsAt)) + ' — ' + s.comment + ' (' + s.createdBy + ')'));
      });
    } catch (e) { failed(ul, 'the silences', e); }
  }

  // ---------------------------------------------------------------- Site checks
  function checkRank(c) {
    const s = c.status;
    if (!c.enabled) return 6;
    if (s.state === 'DOWN') return 0;
    if (s.slow) return 1;
    if (s.certExpiring) return 2;
    if (s.failures > 0) return 3;
    return s.state === 'UP' ? 4 : 5;
  }

  function checkStatus(c) {
    const s = c.status;
    if (!c.enabled) return { key: 'paused', text: '⏸ PAUSED' };
    if (s.state === 'DOWN') return { key: 'down', text: '✖ DOWN' };
    if (s.slow) return { key: 'slow', text: '◆ SLOW' };
    if (s.certExpiring) return { key: 'cert', text: '◇ CERT EXPIRING' };
    if (s.state === 'UP') return { key: 'up', text: '✔ UP' };
    return { key: 'unknown', text: '? NOT PROBED YET' };
  }

  function checkDetail(c) {
    const s = c.status;
    const parts = [];
    const why = s.reason ? s.reason + (s.detail ? ' — ' + s.detail : '') : '';
    if (s.state === 'DOWN') parts.push('down since ' + fmtDateTime.format(new Date(s.downSince)) + ' (' + ago(Date.now() - Date.parse(s.downSince)) + '): ' + why);
    else if (s.failures > 0) parts.push(s.failures + ' failed round' + (s.failures > 1 ? 's' : '') + ', down after ' + c.failuresBeforeDown + ': ' + why);
    if (s.slow) parts.push('p95 over ' + num.format(c.slowMs) + ' ms');
    if (s.certNotAfter) parts.push((s.certExpiring ? 'certificate ends ' : 'certificate until ') + fmtDay.format(new Date(s.certNotAfter)));
    return parts.join('; ');
  }

  // the local hours of the last 24 h, oldest first, as the uptime endpoint buckets them in this zone
  function lastHours() {
    const now = new Date();
    const hours = [];
    for (let i = 23; i >= 0; i--) hours.push(new Date(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours() - i));
    return hours;
  }

  // a check's uptime is a query of up to a day of rounds: asked again only when the check has had a round since, or
  // the 24 hours have moved on by an hour, not at every 15 s refresh
  async function loadUptime(c, hours) {
    const cached = state.uptime.get(c.id);
    if (cached && cached.lastRound === c.status.lastRound && cached.from === hours[0].getTime()) return cached;
    const query = '/checks/' + c.id + '/uptime?bucket=hour&tz=' + encodeURIComponent(ZONE) + '&from=' + encodeURIComponent(hours[0].toISOString());
    const buckets = await api(query);
    const entry = { lastRound: c.status.lastRound, from: hours[0].getTime(), query, buckets };
    state.uptime.set(c.id, entry);
    return entry;
  }

  function hourStrip(hours, buckets) {
    const byStart = new Map(buckets.map((b) => [Date.parse(b.start), b]));
    const counts = { up: 0, part: 0, down: 0, none: 0 };
    const cells = hours.map((h) => {
      const b = byStart.get(h.getTime());
      const kind = !b ? 'none' : b.up === b.rounds ? 'up' : b.up === 0 ? 'down' : 'part';
      counts[kind]++;
      const title = fmtMinute.format(h) + ': ' + (b ? b.up + ' of ' + b.rounds + ' rounds up (' + b.uptimePercent + ' %)' + (b.p95Ms !== null && b.p95Ms !== undefined ? ', p95 ' + b.p95Ms + ' ms' : '') : 'not probed');
      return el('span', { class: 'hour h-' + kind, title });
    });
    const label = 'Last 24 hours: ' + [counts.up && counts.up + ' all up', counts.part && counts.part + ' with some rounds down',
      counts.down && counts.down + ' all down', counts.none && counts.none + ' not probed'].filter(Boolean).join(', ');
    return el('span', { class: 'strip', role: 'img', 'aria-label': label }, cells);
  }

  function checkRow(c, uptime, hours) {
    const st = checkStatus(c);
    let strip = el('span', { class: 'muted', text: 'not loaded' });
    let percent = '–';
    let p95 = '–';
    if (uptime) {
      const rounds = uptime.buckets.reduce((a, b) => a + b.rounds, 0);
      const up = uptime.buckets.reduce((a, b) => a + b.up, 0);
      if (rounds) percent = (Math.round(10000 * up / rounds) / 100).toFixed(2) + ' %';
      const latest = uptime.buckets.slice().reverse().find((b) => b.p95Ms !== null && b.p95Ms !== undefined);
      if (latest) p95 = num.format(latest.p95Ms) + ' ms';
      strip = hourStrip(hours, uptime.buckets);
    }
    const s = c.status;
    return el('tr', { 'data-check-id': c.id, 'data-state': st.key, 'data-uptime-query': uptime ? uptime.query : null },
      el('td', { class: 'status s-' + st.key, text: st.text }),
      el('td', { class: 'name' }, el('strong', { text: c.name }), el('br'), el('span', { class: 'muted small', text: c.method + ' ' + c.url })),
      el('td', {}, strip),
      el('td', { class: 'n uptime', text: percent }),
      el('td', { class: 'n p95', text: p95 }),
      el('td', { text: s.lastRound ? fmtTime.format(new Date(s.lastRound)) + ' (' + ago(Date.now() - Date.parse(s.lastRound)) + ')' : 'never' }),
      el('td', { class: 'detail', text: checkDetail(c) }));
  }

  let checksLoading = null;
  function loadChecks() {
    // one load at a time: the live events, the 15 s refresh and the floods may all ask at once
    if (!checksLoading) checksLoading = drawChecks().finally(() => { checksLoading = null; });
    return checksLoading;
  }

  async function drawChecks() {
    const summary = $('checks-summary');
    try {
      const checks = (await api('/checks')).slice().sort((a, b) => checkRank(a) - checkRank(b) || a.name.localeCompare(b.name));
      const names = checks.map((c) => c.id + '=' + c.name).join('\n');
      state.checks = new Map(checks.map((c) => [c.id, c]));
      // site alarms are labelled with their check's name: draw them again when the names arrive or change
      if (names !== state.checkNames && state.alarms.some((a) => isSite(a.type))) drawTimeline();
      state.checkNames = names;
      [...state.uptime.keys()].forEach((id) => { if (!state.checks.has(id)) state.uptime.delete(id); }); // deleted checks
      const hours = lastHours();
      const detailed = checks.slice(0, MAX_CHECK_DETAILS);
      const uptimes = await Promise.all(detailed.map((c) => loadUptime(c, hours).catch((e) => { console.warn('uptime of ' + c.id, e); return null; })));
      $('check-table').tBodies[0].replaceChildren(...checks.map((c, i) => checkRow(c, uptimes[i], hours)));
      const count = (key) => checks.filter((c) => checkStatus(c).key === key).length;
      const parts = [['down', 'down'], ['slow', 'slow'], ['cert', 'with a certificate expiring'], ['up', 'up'], ['unknown', 'not probed yet'], ['paused', 'paused']]
        .map(([key, words]) => count(key) && count(key) + ' ' + words).filter(Boolean);
      summary.textContent = checks.length ? checks.length + ' check' + (checks.length > 1 ? 's' : '') + ': ' + parts.join(', ') + '.'
        + (checks.length > detailed.length ? ' Uptime shown for the first ' + detailed.length + '.' : '')
        : 'No site checks yet: add one with POST /checks.';
      drawSitesNow(checks);
    } catch (e) { failed(summary, 'the checks', e); }
  }

  function drawSitesNow(checks) {
    const box = $('sites-now');
    const down = checks.filter((c) => c.enabled && c.status.state === 'DOWN');
    const slow = checks.filter((c) => c.enabled && c.status.state !== 'DOWN' && c.status.slow);
    box.replaceChildren();
    down.forEach((c) => box.append(el('article', { class: 'site-down', 'data-check-id': c.id },
      el('h3', { text: '✖ Site down: ' + c.name }),
      el('dl', {},
        el('dt', { text: 'URL' }), el('dd', { text: c.method + ' ' + c.url }),
        el('dt', { text: 'Since' }), el('dd', { text: fmtDateTime.format(new Date(c.status.downSince)) + ' (' + ago(Date.now() - Date.parse(c.status.downSince)) + ')' }),
        el('dt', { text: 'Why' }), el('dd', { class: 'why', text: (c.status.reason || '') + (c.status.detail ? ' — ' + c.status.detail : '') })))));
    slow.forEach((c) => box.append(el('p', { class: 'site-slow', 'data-check-id': c.id, text: '◆ ' + c.name + ' is slow: p95 over ' + num.format(c.slowMs) + ' ms' })));
    checks.filter((c) => c.enabled && c.status.certExpiring).forEach((c) => box.append(el('p', { class: 'site-slow', 'data-check-id': c.id,
      text: '◇ ' + c.name + ': certificate ends ' + fmtDay.format(new Date(c.status.certNotAfter)) })));
    const enabled = checks.filter((c) => c.enabled && c.status.state !== 'UNKNOWN');
    if (enabled.length && !down.length && !slow.length) {
      box.append(el('p', { class: 'calm', text: (enabled.length === 1 ? 'The site check is' : 'All ' + enabled.length + ' site checks are') + ' up.' }));
    }
  }

  // ---------------------------------------------------------------- Order rate
  function chartWidth(id) { return Math.max(280, $(id).clientWidth - 2); }

  function drawChart(id, opts, data) {
    const old = state.charts[id];
    if (old) old.destroy();
    $(id).replaceChildren();
    state.charts[id] = new uPlot(Object.assign({ width: chartWidth(id), height: 240 }, opts), data, $(id));
  }

  async function loadRate() {
    try {
      const rate = await api('/dashboard/order-rate');
      const xs = rate.minutes.map((m) => Date.parse(m.start) / 1000);
      const ys = rate.minutes.map((m) => m.orders);
      const per = rate.thresholdPerMinute;
      const total = ys.reduce((a, b) => a + b, 0);
      let peak = 0;
      ys.forEach((y, i) => { if (y > ys[peak]) peak = i; });
      const over = ys.filter((y) => y >= per).length;
      const hours = Math.round(rate.minutes.length / 60);
      $('rate-summary').textContent = 'Last ' + hours + ' h: ' + num.format(total) + ' orders; busiest minute '
        + num.format(ys[peak] || 0) + ' orders (' + fmtMinute.format(new Date(xs[peak] * 1000)) + '); latest full minute '
        + num.format(ys.length > 1 ? ys[ys.length - 2] : 0) + '. Threshold ' + rate.threshold + ' per ' + rate.windowSeconds
        + ' s, drawn as ' + num.format(per) + ' per minute (dashed); ' + over + ' minutes at or above it.';
      drawChart('rate-chart', {
        series: [{}, { label: 'Orders per minute', stroke: '#0b57d0', width: 2, fill: 'rgba(11,87,208,0.12)' },
          { label: 'Threshold ' + num.format(per) + '/min', stroke: '#b3261e', width: 2, dash: [8, 5], points: { show: false } }],
        axes: [{}, { label: 'orders / min', size: 60 }],
        scales: { y: { range: (u, min, max) => [0, Math.max(max, per) * 1.1] } },
      }, [xs, ys, xs.map(() => per)]);
      const body = $('rate-table').tBodies[0];
      body.replaceChildren(...rate.minutes.slice().reverse().map((m) => el('tr', { 'data-start': m.start },
        el('td', { text: fmtMinute.format(new Date(m.start)) }), el('td', { class: 'n', text: String(m.orders) }))));
    } catch (e) { failed($('rate-summary'), 'the order rate', e); }
  }

  // ---------------------------------------------------------------- Alarms: timeline and aggregates
  async function loadAlarms() {
    const range = RANGES[state.range];
    const to = new Date();
    const from = new Date(to.getTime() - range.ms);
    try {
      let alarms = [];
      let path = '/alarms?limit=500&from=' + encodeURIComponent(from.toISOString());
      for (let i = 0; i < MAX_ALARM_PAGES && path; i++) {
        const page = await api(path);
        alarms = alarms.concat(page.items);
        path = page.next ? '/alarms?limit=500&from=' + encodeURIComponent(from.toISOString()) + '&cursor=' + encodeURIComponent(page.next) : null;
      }
      state.alarms = alarms;
      $('timeline').dataset.from = from.toISOString(); // what was asked, for anyone checking the page against the API
      state.from = from.getTime();
      state.to = to.getTime();
      drawTimeline();
    } catch (e) { failed($('timeline-summary'), 'the alarms', e); }
    loadAggregates();
  }

  function drawTimeline() {
    const box = $('timeline');
    const alarms = state.alarms.slice().sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.id - b.id);
    state.sorted = alarms;
    const span = Math.max(1, state.to - state.from);
    box.replaceChildren();
    ['site-wide flood', 'customer flood', 'site checks and other'].forEach((name, i) => {
      const lane = el('div', { class: 'lane' }, el('span', { text: name }));
      lane.style.top = (i * 2) + 'rem';
      box.append(lane);
    });
    const axis = el('div', { class: 'axis', 'aria-hidden': 'true' });
    for (let i = 0; i <= 4; i++) {
      const at = state.from + span * i / 4;
      const label = el('span', { text: state.range === '24h' ? fmtClock.format(new Date(at)) : fmtDay.format(new Date(at)) });
      label.style.left = Math.min(94, Math.max(6, 2 + i * 24)) + '%';
      axis.append(label);
    }
    box.append(axis);
    alarms.forEach((a, i) => {
      const lane = a.type === 'ORDER_FLOOD' ? 0 : a.type === 'CUSTOMER_FLOOD' ? 1 : 2;
      const mark = el('span', { class: 'mark ' + typeClass(a.type), role: 'option', id: 'alarm-' + a.id, 'aria-selected': 'false', 'aria-label': describe(a), 'data-index': i });
      mark.style.left = (2 + 96 * (Date.parse(a.time) - state.from) / span) + '%'; // 2 % room at either end
      mark.style.top = (lane * 2 + 0.6) + 'rem';
      box.append(mark);
    });
    state.active = -1;
    box.removeAttribute('aria-activedescendant');
    $('timeline-tip').hidden = true;
    const counts = {};
    alarms.forEach((a) => { counts[a.type] = (counts[a.type] || 0) + 1; });
    const parts = Object.entries(counts).map(([t, n]) => n + ' ' + t);
    $('timeline-summary').textContent = alarms.length ? alarms.length + ' alarms in the ' + (state.range === '24h' ? 'last 24 hours' : 'last 7 days')
      + ' (' + parts.join(', ') + '); the latest ' + describe(alarms[alarms.length - 1]) + '.' : 'No alarms in the ' + (state.range === '24h' ? 'last 24 hours.' : 'last 7 days.');
    const body = $('alarm-table').tBodies[0];
    body.replaceChildren(...alarms.slice().reverse().map(alarmRow));
  }

  function alarmRow(a) {
    const site = isSite(a.type);
    return el('tr', { 'data-alarm-id': a.alarmId },
      el('td', { text: fmtDateTime.format(new Date(a.time)) }), el('td', { text: (SHAPES[a.type] || '■') + ' ' + a.type }),
      el('td', { text: site ? checkName(a.key) : a.key || '' }), el('td', { class: 'n', text: site ? '–' : String(a.orderCount) }),
      el('td', { class: 'n', text: String(a.threshold) }), el('td', { text: a.alarmId }));
  }

  function activate(index) {
    const alarms = state.sorted || [];
    if (!alarms.length) return;
    const i = Math.max(0, Math.min(alarms.length - 1, index));
    const previous = state.active >= 0 && $('alarm-' + alarms[state.active].id);
    if (previous) { previous.classList.remove('active'); previous.setAttribute('aria-selected', 'false'); }
    state.active = i;
    const mark = $('alarm-' + alarms[i].id);
    mark.classList.add('active');
    mark.setAttribute('aria-selected', 'true');
    $('timeline').setAttribute('aria-activedescendant', mark.id);
    showTip(alarms[i]);
  }

  function showTip(a) {
    const tip = $('timeline-tip');
    tip.textContent = describe(a);
    tip.hidden = false;
  }

  async function loadAggregates() {
    const range = RANGES[state.range];
    const now = new Date();
    // whole local hours or days, so that the first bar is not a part of one
    const from = range.bucket === 'hour'
      ? new Date(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours() - 23)
      : new Date(now.getFullYear(), now.getMonth(), now.getDate() - 6);
    $('agg-unit').textContent = range.bucket;
    $('agg-unit2').textContent = range.bucket;
    $('agg-tz').textContent = ZONE;
    try {
      const query = '/alarms/aggregates?bucket=' + range.bucket + '&from=' + encodeURIComponent(from.toISOString())
        + '&tz=' + encodeURIComponent(ZONE);
      const agg = await api(query);
      $('agg-table').dataset.query = query;
      // every bucket of the range, empty ones too (the API leaves them out)
      const byStart = new Map(agg.buckets.map((b) => [Date.parse(b.start), b]));
      const xs = [];
      for (let d = new Date(from); d <= now;) {
        xs.push(d.getTime() / 1000);
        d = range.bucket === 'hour' ? new Date(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours() + 1) : new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1);
      }
      agg.buckets.forEach((b) => { const x = Date.parse(b.start) / 1000; if (!xs.includes(x)) xs.push(x); });
      xs.sort((a, b) => a - b);
      const ys = xs.map((x) => (byStart.get(x * 1000) || { alarms: 0 }).alarms);
      const total = ys.reduce((a, b) => a + b, 0);
      const fmt = range.bucket === 'hour' ? fmtMinute : fmtDay;
      let busiest = 0;
      ys.forEach((y, i) => { if (y > ys[busiest]) busiest = i; });
      $('agg-summary').textContent = num.format(total) + ' alarms in ' + xs.length + ' ' + range.bucket + 's'
        + (total ? '; most in the ' + range.bucket + ' starting ' + fmt.format(new Date(xs[busiest] * 1000)) + ' (' + ys[busiest] + ')' : '') + '.';
      drawChart('agg-chart', {
        series: [{}, { label: 'Alarms per ' + range.bucket, stroke: '#1b1b1f', fill: 'rgba(27,27,31,0.55)', width: 1,
          paths: uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false } }],
        axes: [{}, { label: 'alarms', size: 50 }],
        // half a bucket of room on either side, so that the first and last bars are whole
        scales: { x: { time: true, range: (u, min, max) => { const half = (xs.length > 1 ? xs[1] - xs[0] : 3600) / 2; return [min - half, max + half]; } },
          y: { range: (u, min, max) => [0, Math.max(1, max) * 1.15] } },
      }, [xs, ys]);
      const body = $('agg-table').tBodies[0];
      body.replaceChildren(...agg.buckets.slice().reverse().map((b) => el('tr', { 'data-start': b.start },
        el('td', { text: fmt.format(new Date(b.start)) }), el('td', { class: 'n', text: String(b.alarms) }),
        el('td', { class: 'n', text: String(b.orders) }), el('td', { class: 'n', text: String(b.maxOrders) }))));
    } catch (e) { failed($('agg-summary'), 'the aggregates', e); }
  }

  // ---------------------------------------------------------------- Live
  let source = null;
  let retryMs = 1000;
  let nowTimer = null;

  function setLive(stateName, text) {
    $('live').dataset.state = stateName;
    $('live-text').textContent = text;
  }

  function connect() {
    source = new EventSource('/dashboard/events');
    source.addEventListener('hello', () => {
      retryMs = 1000;
      setLive('live', 'Live');
      refreshAll(); // whatever happened while we were away
    });
    source.addEventListener('alarm', (event) => onAlarm(JSON.parse(event.data)));
    source.addEventListener('floods', () => loadNow());
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        setLive('disconnected', 'Disconnected — reconnecting in ' + Math.round(retryMs / 1000) + ' s');
        setTimeout(connect, retryMs);
        retryMs = Math.min(30e3, retryMs * 2);
      } else {
        setLive('reconnecting', 'Disconnected — reconnecting…');
      }
    };
  }

  function onAlarm(a) {
    $('live-empty').hidden = true;
    const site = isSite(a.type);
    const li = el('li', { class: 'fresh ' + typeClass(a.type) + '-row', 'data-alarm-id': a.alarmId },
      el('strong', { text: (SHAPES[a.type] || '■') + ' ' + a.type + (site ? ' ' + checkName(a.key) : a.key ? ' ' + a.key : '') }),
      site ? ' ' + siteWhat(a) + ' at ' + fmtDateTime.format(new Date(a.time))
        : ' ' + num.format(a.orderCount) + ' orders in ' + a.windowSeconds + ' s at ' + fmtDateTime.format(new Date(a.time)) + ' (threshold ' + a.threshold + ')');
    $('live-list').prepend(li);
    while ($('live-list').children.length > 20) $('live-list').lastElementChild.remove();
    const view = { id: a.id, alarmId: a.alarmId, type: a.type, key: a.key, time: a.time, orderCount: a.orderCount, threshold: a.threshold, windowSeconds: a.windowSeconds };
    if (Date.parse(a.time) >= Date.now() - RANGES[state.range].ms && !state.alarms.some((x) => x.id === a.id)) {
      state.alarms.push(view);
      state.to = Math.max(state.to, Date.now());
      drawTimeline();
    }
    clearTimeout(nowTimer);
    nowTimer = setTimeout(() => { loadNow(); loadAggregates(); loadRate(); }, 300);
  }

  function refreshAll() { loadNow(); loadRate(); loadAlarms(); }

  function init() {
    $('tz').textContent = ZONE;
    document.querySelectorAll('.range button').forEach((b) => b.addEventListener('click', () => {
      state.range = b.dataset.range;
      document.querySelectorAll('.range button').forEach((o) => o.setAttribute('aria-pressed', String(o === b)));
      loadAlarms();
    }));
    const timeline = $('timeline');
    timeline.addEventListener('keydown', (e) => {
      const keys = { ArrowRight: state.active + 1, ArrowLeft: state.active - 1, Home: 0, End: (state.sorted || []).length - 1 };
      if (e.key in keys) { e.preventDefault(); activate(state.active < 0 && e.key === 'ArrowLeft' ? (state.sorted || []).length - 1 : keys[e.key]); }
    });
    timeline.addEventListener('focus', () => { if (state.active < 0 && (state.sorted || []).length) activate(state.sorted.length - 1); });
    timeline.addEventListener('mouseover', (e) => { const i = e.target.dataset && e.target.dataset.index; if (i !== undefined) showTip(state.sorted[Number(i)]); });
    timeline.addEventListener('click', (e) => { const i = e.target.dataset && e.target.dataset.index; if (i !== undefined) activate(Number(i)); });
    let resizeTimer = null;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => Object.entries(state.charts).forEach(([id, u]) => u.setSize({ width: chartWidth(id), height: 240 })), 150);
    });
    setInterval(() => { loadRate(); loadNow(); }, REFRESH_MS);
    connect();
  }

  init();
}());
