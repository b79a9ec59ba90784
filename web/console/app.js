// doorstep merchant console: one page shell, sections drawn from the
// console API (/console/api/...). No framework; the only library is
// Chart.js (vendor/), for the metrics page.
(() => {
  'use strict';

  // ---- helpers -------------------------------------------------------

  const $ = (sel, el = document) => el.querySelector(sel);
  const $$ = (sel, el = document) => [...el.querySelectorAll(sel)];

  class Safe {
    constructor(s) { this.s = s; }
    toString() { return this.s; }
  }
  const escape = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const part = (v) => (v instanceof Safe ? v.s : Array.isArray(v) ? v.map(part).join('') : v === false || v == null ? '' : escape(v));
  // html`...` escapes every interpolated value unless it is html itself.
  const html = (strings, ...vals) => new Safe(strings.reduce((out, s, i) => out + s + (i < vals.length ? part(vals[i]) : ''), ''));

  const view = $('#view');
  const setView = (content) => { view.innerHTML = String(content); };

  let toastTimer;
  function toast(text, bad = false) {
    const t = $('#toast');
    t.textContent = text;
    t.classList.toggle('bad', bad);
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, 4000);
  }

  // Amounts are never divided here: the server sends each one formatted by
  // pkg/money in its currency ("<amount>_text": "HUF 1,234.56", "¥1,200";
  // Intl's minor digits differ for some currencies), and the charts' major
  // units with the currency's digits (GET /metrics' currency).
  const chartMoney = (cur) => new Intl.NumberFormat(undefined, { style: 'currency', currency: cur.code, minimumFractionDigits: cur.digits, maximumFractionDigits: cur.digits });
  const usd = (v, digits = 4) => (v == null ? '–' : '$' + Number(v).toFixed(digits));
  const pct = (v) => (v == null ? '–' : Math.round(v * 100) + '%');
  const int = (v) => new Intl.NumberFormat().format(v || 0);
  // Dates are shown in the shop's time zone (GET /me's time_zone, the one
  // the emails use), not the browser's; "now" is the server's clock (every
  // API answer's X-Doorstep-Now: the local runner's clock can be moved).
  const clock = { zone: undefined, skew: 0 };
  const setZone = (z) => {
    try { new Intl.DateTimeFormat(undefined, { timeZone: z }); clock.zone = z; } catch { clock.zone = undefined; }
  };
  const setNow = (iso) => { const t = Date.parse(iso || ''); if (!Number.isNaN(t)) clock.skew = t - Date.now(); };
  const now = () => Date.now() + clock.skew;
  const when = (iso) => (iso ? new Date(iso).toLocaleString(undefined, { timeZone: clock.zone, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }) : '–');
  const day = (iso) => (iso ? new Date(iso).toLocaleDateString(undefined, { timeZone: clock.zone, month: 'short', day: 'numeric', year: 'numeric' }) : '–');
  function ago(iso) {
    if (!iso) return '–';
    const s = Math.max(0, (now() - new Date(iso).getTime()) / 1000);
    if (s < 60) return 'just now';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    if (s < 86400) return Math.floor(s / 3600) + ' h ago';
    return Math.floor(s / 86400) + ' d ago';
  }
  function waited(iso) {
    if (!iso) return '';
    const m = Math.max(0, Math.round((now() - new Date(iso).getTime()) / 60000));
    return m < 60 ? `${m} min` : m < 2880 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${Math.floor(m / 1440)} days`;
  }
  // slaMissed: the server said so (breached_at), or its clock is past due.
  const slaMissed = (h) => Boolean(h?.breached_at) || (h?.sla_due ? new Date(h.sla_due).getTime() < now() : false);

  const plural = (n, one, many = one + 's') => `${int(n)} ${n === 1 ? one : many}`;

  // httpURL is u when it is an absolute http(s) URL, else '': a URL from
  // outside (a fulfillment's tracking URL) becomes a link only then, never
  // a javascript:, data: or relative one.
  function httpURL(u) {
    try {
      const url = new URL(String(u ?? ''));
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '';
    } catch {
      return '';
    }
  }

  const statusPill = (s) => ({
    open: html`<span class="pill green">With the agent</span>`,
    handover: html`<span class="pill amber">With a person</span>`,
    closed: html`<span class="pill">Closed</span>`,
  }[s] || html`<span class="pill">${s}</span>`);

  const stages = {
    pre_shipment: ['Not shipped yet', 'blue'],
    label_created: ['Label created', 'blue'],
    in_transit: ['In transit', 'violet'],
    out_for_delivery: ['Out for delivery', 'violet'],
    delivery_exception: ['Delivery problem', 'red'],
    delivered: ['Delivered · return window open', 'green'],
    past_return_window: ['Delivered · return window closed', ''],
    returned_refunded: ['Returned / refunded', ''],
    cancelled: ['Cancelled', ''],
  };
  const stagePill = (s) => {
    const [label, color] = stages[s] || [String(s || 'unknown').replaceAll('_', ' '), ''];
    return html`<span class="pill ${color}" data-testid="stage">${label}</span>`;
  };
  const topicLabel = {
    track_order: 'order status', get_order: 'order', list_orders: 'orders', start_return: 'return',
    change_address: 'address', refund_status: 'refund', verify_customer: 'verified', handover: 'person', search_docs: 'product',
  };
  const channelLabel = (c) => (c === 'email' ? 'Email' : 'Chat');

  function empty(title, text) {
    return html`<div class="empty"><strong>${title}</strong>${text}</div>`;
  }

  // ---- API -----------------------------------------------------------

  class APIError extends Error {
    constructor(status, body) {
      super(body?.error?.message || `request failed (${status})`);
      this.status = status;
      this.body = body;
    }
  }

  async function api(path, { method = 'GET', body } = {}) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const token = await DoorstepAuth.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(`/console/api${path}`, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    setNow(res.headers.get('X-Doorstep-Now'));
    if (res.status === 401) {
      signInAgain();
      throw new APIError(401, null);
    }
    const data = res.headers.get('Content-Type')?.includes('application/json') ? await res.json() : null;
    if (!res.ok) throw new APIError(res.status, data);
    return data;
  }

  // ---- customers' photos --------------------------------------------

  // The photo routes need the same credentials as the API, which an
  // <img src> cannot carry in Cognito mode: fetch each once, show it from
  // a blob: URL (kept while the page lives, so a re-render reuses it).
  const photoURLs = new Map();
  function photoBlob(url) {
    if (!photoURLs.has(url)) {
      photoURLs.set(url, (async () => {
        const headers = {};
        const token = await DoorstepAuth.token();
        if (token) headers.Authorization = `Bearer ${token}`;
        const res = await fetch(url, { headers, credentials: 'same-origin' });
        if (!res.ok) throw new APIError(res.status, null);
        return URL.createObjectURL(await res.blob());
      })().catch((err) => { photoURLs.delete(url); throw err; }));
    }
    return photoURLs.get(url);
  }
  // photoStrip lists photos as thumbnails that open full size; a type the
  // browser cannot draw (HEIC in most) still shows its name, to open.
  const photoStrip = (photos) => (photos?.length ? html`<div class="photos" data-testid="photos">
    ${photos.map((p) => html`<a class="photo" data-testid="photo" data-photo="${p.url}" target="_blank" rel="noopener" title="${p.name}">
      <img alt="${p.name}" data-testid="photo-img"><span>${p.name}</span></a>`)}</div>` : '');
  function loadPhotos(root = document) {
    $$('[data-photo]', root).forEach(async (a) => {
      const img = $('img', a);
      img.addEventListener('error', () => a.classList.add('broken'), { once: true });
      try {
        const src = await photoBlob(a.dataset.photo);
        a.href = src;
        img.src = src;
      } catch (err) {
        a.classList.add('broken');
        if (err.status === 401) signInAgain();
      }
    });
  }

  function signInAgain() {
    DoorstepAuth.signOut();
    location.assign('/console/login?next=' + encodeURIComponent(location.pathname));
  }

  // ---- routing -------------------------------------------------------

  let cleanups = [];
  const onLeave = (fn) => cleanups.push(fn);

  const routes = [
    [/^\/console\/?$/, 'conversations', viewConversations],
    [/^\/console\/conversations\/?$/, 'conversations', viewConversations],
    [/^\/console\/conversations\/([^/]+)$/, 'conversations', viewConversation],
    [/^\/console\/queue$/, 'queue', viewQueue],
    [/^\/console\/handoffs\/([^/]+)$/, 'queue', viewHandoff],
    [/^\/console\/metrics$/, 'metrics', viewMetrics],
    [/^\/console\/claims$/, 'claims', viewClaims],
    [/^\/console\/promises$/, 'promises', viewPromises],
    [/^\/console\/outreach$/, 'outreach', viewOutreach],
    [/^\/console\/exports$/, 'exports', viewExports],
    [/^\/console\/settings$/, 'settings', viewSettings],
  ];

  function go(url) {
    history.pushState(null, '', url);
    route();
  }

  async function route() {
    $('#toast').hidden = true;
    cleanups.forEach((fn) => fn());
    cleanups = [];
    const path = location.pathname;
    const found = routes.find(([re]) => re.test(path));
    $$('.nav a').forEach((a) => a.classList.toggle('active', found && a.dataset.nav === found[1]));
    if (!found) {
      setView(html`<div class="page-head"><div><h1>Not found</h1><p>There is no such page in the console.</p></div></div>`);
      return;
    }
    const [re, , fn] = found;
    try {
      await fn(...path.match(re).slice(1).map(decodeURIComponent));
    } catch (err) {
      if (err.status === 401) return;
      setView(html`<div class="card">${empty('Something went wrong', err.message)}</div>`);
    }
    refreshQueueCount();
  }

  document.addEventListener('click', (e) => {
    const a = e.target.closest('a[data-link]');
    if (a && a.origin === location.origin && !e.metaKey && !e.ctrlKey && !e.shiftKey && e.button === 0) {
      e.preventDefault();
      go(a.pathname + a.search);
      return;
    }
    const row = e.target.closest('tr[data-href]');
    if (row && !e.target.closest('a, button')) go(row.dataset.href);
  });
  window.addEventListener('popstate', route);

  async function refreshQueueCount() {
    try {
      const q = await api('/queue');
      const n = q.conversations.filter((c) => c.waiting_since).length + q.approvals.length;
      const b = $('#queue-count');
      b.textContent = n;
      b.hidden = n === 0;
    } catch { /* the badge is a nicety */ }
  }

  // ---- conversations -------------------------------------------------

  async function viewConversations() {
    const params = new URLSearchParams(location.search);
    const q = params.get('q') || '';
    const status = params.get('status') || '';
    setView(html`
      <div class="page-head">
        <div><h1>Conversations</h1><p>Every chat and email, newest first. Search by order number, email or words.</p></div>
      </div>
      <div class="card">
        <div class="card-head toolbar">
          <form class="search" id="search" role="search">
            <svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="11" cy="11" r="7"/><path d="m20 20-3.5-3.5"/></svg>
            <input type="search" name="q" value="${q}" placeholder="#1003, customer@example.com, or words" aria-label="Search conversations" data-testid="conversation-search">
          </form>
          <div class="segmented" role="tablist" aria-label="Who is answering">
            ${[['', 'All'], ['open', 'With the agent'], ['handover', 'With a person']].map(([v, label]) =>
              html`<button type="button" data-status="${v}" class="${v === status ? 'on' : ''}">${label}</button>`)}
          </div>
        </div>
        <div id="conversation-list"><div class="loading" style="padding:24px 18px">Loading…</div></div>
      </div>`);
    $('#search').addEventListener('submit', (e) => {
      e.preventDefault();
      const p = new URLSearchParams(location.search);
      const v = new FormData(e.target).get('q').trim();
      v ? p.set('q', v) : p.delete('q');
      go('/console/conversations' + (p.toString() ? '?' + p : ''));
    });
    $$('[data-status]').forEach((b) => b.addEventListener('click', () => {
      const p = new URLSearchParams(location.search);
      b.dataset.status ? p.set('status', b.dataset.status) : p.delete('status');
      go('/console/conversations' + (p.toString() ? '?' + p : ''));
    }));
    const qs = new URLSearchParams();
    if (q) qs.set('q', q);
    if (status) qs.set('status', status);
    const res = await api('/conversations?' + qs);
    const list = $('#conversation-list');
    if (!list) return;
    if (!res.conversations.length) {
      list.innerHTML = String(q ? empty('Nothing found', `No conversation matches “${q}”.`) : empty('No conversations yet', 'They appear here as soon as a customer writes.'));
      return;
    }
    list.innerHTML = String(html`
      <table class="table">
        <thead><tr><th>Customer</th><th>Status</th><th>Orders</th><th>Topics</th><th class="num">Messages</th><th class="num">Cost</th><th>Updated</th></tr></thead>
        <tbody>${res.conversations.map((c) => html`
          <tr class="clickable" data-href="/console/conversations/${c.id}" data-testid="conversation-row" data-id="${c.id}">
            <td><a href="/console/conversations/${c.id}" data-link class="cell-main">${c.customer}</a>
              <div class="cell-sub">${channelLabel(c.channel)}${c.subject ? ' · ' + c.subject : ''}${c.csat ? ` · rated ${c.csat}/5` : ''}</div></td>
            <td>${statusPill(c.status)}</td>
            <td>${c.orders.length ? c.orders.join(', ') : html`<span class="muted">–</span>`}</td>
            <td><div class="tags">${c.topics.filter((t) => topicLabel[t]).map((t) => html`<span class="tag">${topicLabel[t]}</span>`)}</div></td>
            <td class="num">${c.messages}</td>
            <td class="num">${usd(c.cost_usd)}</td>
            <td class="muted" title="${when(c.updated_at)}">${ago(c.updated_at)}</td>
          </tr>`)}</tbody>
      </table>
      ${res.complete ? '' : html`<div class="card-body small muted">Showing matches among the ${res.scanned} most recent conversations.</div>`}`);
  }

  async function viewConversation(id) {
    const d = await api('/conversations/' + encodeURIComponent(id));
    renderConversation(d);
    if (d.status === 'handover') {
      const timer = setInterval(async () => {
        if (document.activeElement?.id === 'reply-text' && $('#reply-text').value) return;
        try {
          const fresh = await api('/conversations/' + encodeURIComponent(id));
          if (fresh.messages.length !== d.messages.length || fresh.status !== d.status) {
            Object.assign(d, fresh);
            renderConversation(d);
          }
        } catch { /* try again on the next tick */ }
      }, 5000);
      onLeave(() => clearInterval(timer));
    }
  }

  function renderConversation(d) {
    const staff = d.status === 'handover';
    setView(html`
      <div class="crumbs"><a href="/console/conversations" data-link>Conversations</a> / ${d.customer}</div>
      <div class="page-head">
        <div><h1>${d.customer}</h1>
          <p>${channelLabel(d.channel)} · started ${when(d.created_at)} · ${d.verified ? `verified by ${String(d.verified_by || '').replaceAll('_', ' ')}` : 'not verified'}</p></div>
        <div class="toolbar">${statusPill(d.status)}
          ${staff
            ? html`<button class="button" id="hand-back" data-testid="hand-back">Hand back to the agent</button>`
            : html`<button class="button primary" id="take-over" data-testid="take-over">Take over</button>`}
        </div>
      </div>
      <div class="grid-2">
        <section class="card" aria-label="Transcript">
          ${staff
            ? html`<div class="banner amber">A person owns this conversation: the agent stays quiet until you hand it back.</div>`
            : html`<div class="banner green">The agent is answering. Replying takes the conversation over.</div>`}
          <div class="transcript" id="transcript" data-testid="transcript">
            ${d.messages.length ? d.messages.map((m) => message(m, d.photos)) : empty('No messages yet', '')}
          </div>
          <form class="composer" id="reply-form">
            <textarea id="reply-text" name="text" rows="2" placeholder="Write a reply to the customer…" maxlength="4096" data-testid="reply-input" aria-label="Reply"></textarea>
            <button class="button primary" type="submit" data-testid="reply-send">Send reply</button>
          </form>
        </section>
        <aside class="stack">
          ${d.photos?.length ? html`<section class="card" data-testid="conversation-photos">
            <div class="card-head"><h2>Photos from the customer</h2><span class="muted small">${d.photos.length}</span></div>
            <div class="card-body">${photoStrip(d.photos)}</div></section>` : ''}
          <section class="card">
            <div class="card-head"><h2>${d.customer_orders ? 'Customer’s recent orders' : 'Orders discussed'}</h2></div>
            <div class="card-body">${d.order_views.length ? d.order_views.map(orderView) : html`<p class="muted" style="margin:0">No order came up.</p>`}</div>
          </section>
          <section class="card">
            <div class="card-head"><h2>Actions taken</h2></div>
            <div class="card-body">${d.actions.length
              ? html`<ul class="list">${d.actions.map((a) => html`<li><span>${a.tool.replaceAll('_', ' ')} ${a.order ? html`<span class="muted">${a.order}</span>` : ''}</span>${actionPill(a.status)}</li>`)}</ul>`
              : html`<p class="muted" style="margin:0">None.</p>`}</div>
          </section>
          <section class="card">
            <div class="card-head"><h2>Model use</h2></div>
            <div class="card-body"><dl class="kv" data-testid="usage">
              <dt>Input tokens</dt><dd>${int(d.usage.input_tokens)}</dd>
              <dt>Output tokens</dt><dd>${int(d.usage.output_tokens)}</dd>
              ${d.usage.cache_read_tokens ? html`<dt>Cached tokens</dt><dd>${int(d.usage.cache_read_tokens)}</dd>` : ''}
              <dt>Model calls</dt><dd>${int(d.usage.model_calls)}</dd>
              <dt>Cost</dt><dd>${usd(d.usage.cost_usd)}</dd>
            </dl></div>
          </section>
          ${d.csat_detail ? html`<section class="card"><div class="card-head"><h2>Customer rating</h2></div>
            <div class="card-body"><div style="font-size:20px;color:#f5a524" aria-label="${d.csat_detail.score} out of 5">${'★'.repeat(d.csat_detail.score)}<span style="color:#d0d5dd">${'★'.repeat(5 - d.csat_detail.score)}</span></div>
            ${d.csat_detail.comment ? html`<p style="margin:8px 0 0">“${d.csat_detail.comment}”</p>` : ''}</div></section>` : ''}
        </aside>
      </div>`);
    const t = $('#transcript');
    t.scrollTop = t.scrollHeight;
    loadPhotos(view);
    $('#take-over')?.addEventListener('click', () => act(d.id, 'takeover', 'You own this conversation now.'));
    $('#hand-back')?.addEventListener('click', () => act(d.id, 'handback', 'The agent is answering again.'));
    $('#reply-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const text = $('#reply-text').value.trim();
      if (!text) return;
      const button = e.target.querySelector('button');
      button.disabled = true;
      try {
        await api(`/conversations/${encodeURIComponent(d.id)}/reply`, { method: 'POST', body: { text } });
        toast('Reply sent.');
        await viewConversation(d.id);
      } catch (err) {
        if (err.status !== 401) toast(err.message, true);
        button.disabled = false;
      }
    });
    $('#reply-text').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) $('#reply-form').requestSubmit();
    });
  }

  async function act(id, what, done) {
    try {
      await api(`/conversations/${encodeURIComponent(id)}/${what}`, { method: 'POST', body: {} });
      toast(done);
      await viewConversation(id);
      refreshQueueCount();
    } catch (err) {
      if (err.status !== 401) toast(err.message, true);
    }
  }

  function message(m, photos) {
    const mine = (photos || []).filter((p) => m.photos?.includes(p.id));
    const who = { customer: 'Customer', agent: 'Agent', staff: 'Staff' }[m.role] || m.role;
    const tokens = m.usage ? ` · ${int(m.usage.input_tokens + m.usage.output_tokens)} tokens` : '';
    return html`<div class="msg ${m.role}" data-testid="message" data-role="${m.role}">
      <div class="who-line"><span>${who}</span><span>${when(m.at)}${tokens}</span></div>
      <div class="bubble">${m.text}</div>
      ${photoStrip(mine)}
      ${m.actions?.length ? html`<div class="acts">${m.actions.map((a) => html`<span class="tag">${a.tool.replaceAll('_', ' ')}: ${a.status}</span>`)}</div>` : ''}
    </div>`;
  }

  // proposalView: exactly what the customer said yes to, and what runs on
  // approval.
  const proposalView = (p, pm = {}) => {
    if (!p) return '';
    const a = p.address;
    return html`<div class="small" data-testid="proposal">
      ${p.lines?.length ? html`<ul>${p.lines.map((l, i) => html`<li>${l.quantity} × ${l.title}${l.variant ? ` (${l.variant})` : ''}${pm.lines?.[i] ? ` · ${pm.lines[i]}` : ''}</li>`)}</ul>` : ''}
      ${p.resolution ? html`<div>${p.resolution.replaceAll('_', ' ')}${pm.amount ? html`: <strong>${pm.amount}</strong>` : ''}${p.reason ? ` · reason ${p.reason.toLowerCase().replaceAll('_', ' ')}` : ''}</div>` : ''}
      ${a ? html`<div>New address: ${[a.name, a.address1, a.address2, a.city, [a.province, a.zip].filter(Boolean).join(' '), a.country_code].filter(Boolean).join(', ')}</div>` : ''}
      <div class="muted">Customer said yes to: “${p.statement}”</div></div>`;
  };

  const actionPill = (s) => {
    const color = { done: 'green', proposed: 'blue', confirmed: 'blue', refused: 'red', failed: 'red', needs_approval: 'amber', declined: '', lapsed: '' }[s] ?? '';
    return html`<span class="pill ${color}">${String(s).replaceAll('_', ' ')}</span>`;
  };

  const problemLabel = {
    late: 'running late', stalled: 'not moving', lost: 'lost', failure: 'carrier problem', returned_to_sender: 'returning to us',
    not_received: 'not received', damaged: 'damaged',
  };
  // parcelView: one parcel as the chat and the tracking page describe it.
  function parcelView(p, i, n) {
    const link = httpURL(p.tracking_url);
    const stageLine = !p.shipped ? 'Not shipped yet'
      : p.stage === 'out_for_delivery' && !p.out_today && p.last_scan ? `Out for delivery on ${day(p.last_scan)}, not delivered since`
        : (stages[p.stage] || [p.stage])[0];
    return html`<div class="parcel" data-testid="parcel">
      <div class="small"><strong>${n > 1 ? `Parcel ${i + 1}` : 'Parcel'}</strong> · <span data-testid="parcel-stage">${stageLine}</span>${p.problem ? html` <span class="pill red" data-testid="parcel-problem">${problemLabel[p.problem] || p.problem.replaceAll('_', ' ')}</span>` : ''}</div>
      ${p.items.length ? html`<div class="small muted">${p.items.join(', ')}</div>` : ''}
      ${p.carrier || p.tracking_number ? html`<div class="small">${p.carrier || ''}${p.carrier && p.tracking_number ? ' · ' : ''}${link ? html`<a href="${link}" target="_blank" rel="noopener noreferrer" data-testid="tracking-link">${p.tracking_number || 'track'}</a>` : p.tracking_number || ''}</div>` : ''}
      ${p.delivered_at ? html`<div class="small">Delivered ${day(p.delivered_at)}</div>`
        : p.out_today ? html`<div class="small">Out for delivery today</div>`
          : p.estimate ? html`<div class="small" data-testid="parcel-estimate">${p.estimate_passed ? 'Was due' : 'Estimated'} ${p.estimate}</div>` : ''}
      ${p.last_scan && !p.delivered_at ? html`<div class="small muted">Last scan ${when(p.last_scan)}</div>` : ''}
      ${p.problem_detail ? html`<div class="small muted">${p.problem_detail}</div>` : ''}
    </div>`;
  }

  function orderView(o) {
    if (!o.found) return html`<div class="order"><div class="order-head"><strong>${o.name}</strong><span class="muted small">not found</span></div></div>`;
    const parcels = o.parcels || [];
    return html`<div class="order" data-testid="order">
      <div class="order-head"><strong>${o.name}</strong>${stagePill(o.stage)}</div>
      <div class="small" data-testid="order-total">${o.total_text} · placed ${day(o.placed_at)}${parcels.length > 1 ? ` · ${parcels.length} parcels` : ''}</div>
      ${parcels.length ? parcels.map((p, i) => parcelView(p, i, parcels.length)) : html`<div class="small muted">${o.items.join(', ')}</div>`}
      ${o.return_window_ends ? html`<div class="small muted">Returns until ${day(o.return_window_ends)}</div>` : ''}
    </div>`;
  }

  // ---- escalation queue ----------------------------------------------

  // viewHandoff is the page a staff email links to: a handoff in a chat
  // conversation opens that conversation; a delivery problem's handoff is
  // shown with its order, and a person writes to the customer (by email,
  // in the problem's thread) or resolves it with a note here.
  async function viewHandoff(id) {
    const h = await api(`/handoffs/${encodeURIComponent(id)}`);
    if (h.conversation_id && !h.problem) {
      history.replaceState(null, '', `/console/conversations/${encodeURIComponent(h.conversation_id)}`);
      return route();
    }
    const conv = h.conversation_id || h.related_conversation;
    const title = h.problem ? `${h.order ? 'Order ' + h.order + ': ' : ''}${h.problem}` : `Handoff${h.order ? ' on order ' + h.order : ''}`;
    setView(html`
      <div class="page-head"><div><h1>${title}</h1><p>${h.reason || ''}</p></div></div>
      <div class="stack">
      <section class="card" data-testid="handoff" data-id="${h.id}">
        <dl class="facts">
          <dt>Status</dt><dd>${stateBadge(h.state)}</dd>
          <dt>Customer</dt><dd>${h.customer_email || '–'}</dd>
          <dt>Order</dt><dd>${h.order || '–'}</dd>
          ${h.parcel ? html`<dt>Parcel</dt><dd>${h.parcel.carrier || ''} ${httpURL(h.parcel.tracking_url) ? html`<a href="${httpURL(h.parcel.tracking_url)}" target="_blank" rel="noopener noreferrer">${h.parcel.tracking || 'track'}</a>` : h.parcel.tracking || ''}</dd>` : ''}
          ${h.todo ? html`<dt>What to do</dt><dd>${h.todo}</dd>` : ''}
          ${h.action?.statement ? html`<dt>Proposed</dt><dd>${h.action.statement}</dd>` : ''}
          ${h.note ? html`<dt>Since then</dt><dd style="white-space:pre-line" data-testid="handoff-note">${h.note}</dd>` : ''}
          <dt>Opened</dt><dd>${when(h.opened_at)}</dd>
          <dt>Respond by</dt><dd>${when(h.sla_due)}${slaMissed(h) ? ' (missed)' : ''}</dd>
          ${conv ? html`<dt>Conversation</dt><dd><a href="/console/conversations/${encodeURIComponent(conv)}" data-link data-testid="handoff-conversation">${h.conversation_id ? 'open the conversation' : 'the customer wrote about this order'}</a></dd>` : ''}
        </dl>
        ${h.order_view ? orderView(h.order_view) : ''}
      </section>
      ${h.offers?.length ? html`<section class="card" data-testid="handoff-offers"><div class="card-head"><h2>Make good the parcel</h2><span class="muted small">runs once in the shop; the customer is told and the handoff resolved</span></div>
        ${h.offers.map((o) => html`<div class="stack" data-testid="handoff-offer" data-resolution="${o.resolution}">
          <div class="small">${o.lines.map((l) => `${l.quantity} × ${l.title}${l.variant ? ` (${l.variant})` : ''}`).join(', ')}${o.amount_text ? html` · <strong>${o.amount_text}</strong>` : ''}</div>
          <div class="small muted">The customer is told: “${o.statement}”</div>
          <div class="row"><button class="button good" type="button" data-offer="${o.resolution}">${o.resolution === 'refund' ? `Approve the refund${o.amount_text ? ' of ' + o.amount_text : ''}` : 'Approve the replacement'}</button></div>
        </div>`)}</section>` : ''}
      ${h.can_write ? html`<section class="card"><div class="card-head"><h2>Write to the customer</h2><span class="muted small">by email, in reply to the notice they got; their answer comes back here</span></div>
        <form id="handoff-write" class="stack"><textarea id="handoff-text" rows="4" required aria-label="Message to the customer"></textarea>
        <div class="row"><button class="button primary" type="submit">Send</button></div></form></section>` : ''}
      ${h.can_resolve ? html`<section class="card"><div class="card-head"><h2>Resolve</h2><span class="muted small">close the handoff, saying what was done</span></div>
        <form id="handoff-resolve" class="row"><input type="text" id="handoff-note" required placeholder="What was done (UPS redelivered it, refunded, …)" aria-label="Note">
        <button class="button good" type="submit">Resolve</button></form></section>` : ''}
      <div class="row"><a class="button" href="/console/queue" data-link>Back to the queue</a></div>
      </div>`);
    const post = (what, body, done) => async (e) => {
      e.preventDefault();
      try {
        await api(`/handoffs/${encodeURIComponent(h.id)}/${what}`, { method: 'POST', body });
        toast(done);
        await viewHandoff(h.id);
        refreshQueueCount();
      } catch (err) {
        if (err.status !== 401) toast(err.message, true);
      }
    };
    $('#handoff-write')?.addEventListener('submit', (e) => post('reply', { text: $('#handoff-text').value }, 'Sent to the customer.')(e));
    $('#handoff-resolve')?.addEventListener('submit', (e) => post('resolve', { note: $('#handoff-note').value }, 'Resolved.')(e));
    for (const b of document.querySelectorAll('[data-offer]')) {
      b.addEventListener('click', (e) => {
        b.disabled = true;
        return post('decide', { approve: true, offer: b.dataset.offer }, b.dataset.offer === 'refund' ? 'Refunded; the customer was told.' : 'Replacement sent; the customer was told.')(e);
      });
    }
  }

  // stateBadge says what really happened to a customer waiting for a
  // person (the server's state): only a person's message answers them,
  // never the agent's acknowledgement or an SLA mail.
  function stateBadge(state, since) {
    const label = {
      waiting: 'waiting for a person', answered: 'answered by a person', replied_again: 'customer replied again',
      closed: 'closed', refused: 'refused',
    }[state] || 'with a person';
    const tone = { waiting: ' amber', replied_again: ' amber', answered: ' green' }[state] || '';
    return html`<span class="pill${tone}" data-testid="queue-badge" data-state="${state || ''}">${label}${since && state !== 'answered' ? ' · ' + waited(since) : ''}</span>`;
  }

  async function viewQueue() {
    const [q, locked] = await Promise.all([api('/queue'), api('/locks').catch(() => ({ locks: [] }))]);
    setView(html`
      <div class="page-head">
        <div><h1>Escalations</h1><p>Conversations a person owns, longest waiting first, and writes waiting for approval.</p></div>
      </div>
      <div class="stack">
        <section class="card">
          <div class="card-head"><h2>Waiting for a person</h2><span class="muted small">${q.conversations.length} open</span></div>
          ${q.conversations.length ? q.conversations.map((c) => html`
            <div class="queue-item" data-testid="queue-row" data-id="${c.id}">
              <div>
                <a class="cell-main" href="/console/conversations/${c.id}" data-link>${c.customer}</a>
                <span class="muted small"> · ${channelLabel(c.channel)}${c.orders.length ? ' · ' + c.orders.join(', ') : ''}</span>
                ${c.last_message ? html`<div class="cell-sub">${c.last_role === 'customer' ? 'Customer: ' : c.last_role === 'staff' ? 'You: ' : 'Agent: '}${c.last_message}</div>` : ''}
                ${c.handoff?.reason ? html`<div class="cell-sub">Reason: ${c.handoff.reason}</div>` : ''}
              </div>
              <div style="text-align:right">
                ${stateBadge(c.state, c.waiting_since)}
                ${c.sla ? html`<div class="small muted" style="margin-top:6px" data-testid="queue-sla">SLA ${c.sla === 'due' ? 'due ' + when(c.sla_due) : c.sla}</div>` : ''}
                <div style="margin-top:8px"><a class="button" href="/console/conversations/${c.id}" data-link>Open</a></div>
              </div>
            </div>`) : empty('Nobody is waiting', 'When the agent hands a conversation over, it shows up here.')}
        </section>
        <section class="card">
          <div class="card-head"><h2>Approvals</h2><span class="muted small">${q.approvals.length} to decide</span></div>
          ${q.approvals.length ? q.approvals.map((h) => html`
            <div class="approval" data-testid="approval" data-id="${h.id}">
              <div><strong>${h.action?.tool?.replaceAll('_', ' ') || 'Request'}</strong> <span class="muted">${h.action?.order || h.order || ''}</span>
                ${h.amount_text ? html` · <strong data-testid="approval-amount">${h.amount_text}</strong>` : ''}</div>
              ${h.action?.statement ? html`<div>${h.action.statement}</div>` : ''}
              ${proposalView(h.action?.proposal, h.proposal_money)}
              ${h.photos?.length ? html`<div class="small muted">Photos the customer sent:</div>${photoStrip(h.photos)}` : ''}
              <div class="small muted">${h.action?.reason || h.reason} · opened ${ago(h.opened_at)}${h.conversation_id ? html` · <a href="/console/conversations/${h.conversation_id}" data-link>conversation</a>` : ''}</div>
              ${q.decisions ? html`<div class="row">
                <input type="text" placeholder="Note to the customer (when declining)" aria-label="Note" data-note>
                <button class="button good" data-decide="approve">Approve</button>
                <button class="button danger" data-decide="decline">Decline</button></div>`
              : html`<div class="small muted">Decisions need the escalation workflow, which is not running here.</div>`}
            </div>`) : empty('Nothing to approve', 'Refunds, returns and changes above your limits wait here for a decision.')}
        </section>
        ${q.handoffs.length ? html`<section class="card"><div class="card-head"><h2>Delivery problems for a person</h2><span class="muted small">${q.handoffs.length} open</span></div>
          <table class="table"><thead><tr><th>Order</th><th>Problem</th><th>Customer</th><th>Opened</th><th>Status</th><th></th></tr></thead><tbody>
          ${q.handoffs.map((h) => html`<tr data-testid="handoff-row" data-id="${h.id}"><td>${h.order || '–'}</td><td>${h.problem || h.reason}${h.parcel?.carrier ? html`<div class="cell-sub">${h.parcel.carrier} ${h.parcel.tracking || ''}</div>` : ''}</td><td>${h.customer_email || '–'}</td><td>${when(h.opened_at)}</td><td>${stateBadge(h.state)}${h.breached_at && h.state === 'waiting' ? html` <span class="pill amber">overdue</span>` : ''}</td>
            <td><a class="button" href="/console/handoffs/${encodeURIComponent(h.id)}" data-link>Open</a></td></tr>`)}
          </tbody></table></section>` : ''}
        ${locked.locks.length ? html`<section class="card" data-testid="locks"><div class="card-head"><h2>Locked orders</h2>
          <span class="muted small">too many wrong emails: verification paused, even with the right email</span></div>
          <table class="table"><thead><tr><th>Order</th><th>Failed attempts</th><th>Locked</th><th>Until</th></tr></thead><tbody>
          ${locked.locks.map((l) => html`<tr data-testid="lock-row"><td>${l.order}</td><td>${int(l.failures)}</td><td>${when(l.locked_at)}</td><td>${when(l.until)}</td></tr>`)}
          </tbody></table></section>` : ''}
      </div>`);
    loadPhotos(view);
    $$('[data-decide]').forEach((b) => b.addEventListener('click', async () => {
      const box = b.closest('[data-testid="approval"]');
      try {
        await api(`/handoffs/${encodeURIComponent(box.dataset.id)}/decide`, {
          method: 'POST', body: { approve: b.dataset.decide === 'approve', note: $('[data-note]', box).value },
        });
        toast(b.dataset.decide === 'approve' ? 'Approved.' : 'Declined.');
        viewQueue();
      } catch (err) {
        if (err.status !== 401) toast(err.message, true);
      }
    }));
    const timer = setInterval(() => { if (!document.activeElement?.matches('input')) viewQueue().catch(() => {}); }, 20000);
    onLeave(() => clearInterval(timer));
  }

  // ---- metrics -------------------------------------------------------

  const palette = { indigo: '#4f46e5', indigoSoft: 'rgba(79,70,229,.18)', green: '#0f9f6e', amber: '#d97706', red: '#dc4a3f', blue: '#1d6fd8', slate: '#94a3b8', teal: '#0d9488' };
  let charts = [];

  function chartDefaults() {
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.size = 12;
    Chart.defaults.color = '#6b7285';
    Chart.defaults.borderColor = '#eef0f4';
    Chart.defaults.plugins.legend.labels.boxWidth = 10;
    Chart.defaults.plugins.legend.labels.boxHeight = 10;
    Chart.defaults.plugins.legend.labels.usePointStyle = true;
    Chart.defaults.plugins.tooltip.backgroundColor = '#1f2437';
    Chart.defaults.plugins.tooltip.padding = 10;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.animation.duration = 300;
  }

  function chart(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    charts.push(new Chart(canvas, config));
  }

  const line = (label, data, color, extra = {}) => ({ label, data, borderColor: color, backgroundColor: color, tension: 0.3, pointRadius: 2, pointHoverRadius: 4, spanGaps: true, borderWidth: 2, ...extra });

  async function viewMetrics() {
    const days = Number(new URLSearchParams(location.search).get('days')) || 30;
    const rep = await api('/metrics?days=' + days);
    const t = rep.total;
    // Revenue is in the shop's currency (the settings'); the totals come
    // formatted by the server (pkg/money), the days' revenue in major units.
    const cur = rep.currency, amt = rep.amounts;
    const labels = rep.days.map((d) => new Date(d.date + 'T00:00:00Z').toLocaleDateString(undefined, { timeZone: 'UTC', month: 'short', day: 'numeric' }));
    const series = (f) => rep.days.map(f);
    const frt = t.first_response_ms;
    setView(html`
      <div class="page-head">
        <div><h1>Metrics</h1><p>${day(rep.from + 'T00:00:00')} – ${day(rep.to + 'T00:00:00')}. Counted as events happen; conversations count on the day they started.</p></div>
        <div class="segmented" role="tablist" aria-label="Range">
          ${[7, 30, 90].map((n) => html`<button type="button" data-days="${n}" class="${n === days ? 'on' : ''}">${n} days</button>`)}
        </div>
      </div>
      <div class="kpis" data-testid="kpis">
        ${kpi('Conversations', int(t.conversations), `${int(t.resolutions)} resolved`)}
        ${kpi('Deflection rate', pct(t.deflection_rate), `${int(t.deflected)} resolved without a person`)}
        ${kpi('Order-status share', pct(t.order_status_share), `of ${plural(t.questions, 'question')}`)}
        ${kpi('First response', frt == null ? '–' : frt < 1000 ? Math.round(frt) + ' ms' : (frt / 1000).toFixed(1) + ' s', t.staff_response_min == null ? 'agent' : `people: ${Math.round(t.staff_response_min)} min`)}
        ${kpi('CSAT', t.csat == null ? '–' : t.csat.toFixed(2) + ' / 5', plural(t.csat_count, 'rating'))}
        ${kpi('Delivery satisfaction', t.delivery_satisfaction == null ? '–' : t.delivery_satisfaction.toFixed(2) + ' / 5', plural(t.delivery_count, 'rating'))}
        ${kpi('Revenue from suggestions', amt.revenue, `${plural(t.attributed_orders, 'order')} from ${plural(t.suggestions_sent, 'suggestion')}`)}
        ${kpi('Revenue kept as store credit', amt.credit_kept, `${plural(t.credits || 0, 'refund')} taken as credit · ${amt.credit_issued} issued with the bonus`)}
        ${kpi('Revenue from referrals', amt.referral_revenue, `${plural(t.referral_orders, 'order')} from ${plural(t.referrals_sent, 'friend code')}`)}
        ${kpi('Model cost per conversation', usd(t.cost_per_conversation_usd), `${usd(t.cost_per_resolution_usd)} per resolution · ${t.conversations ? int(Math.round((t.input_tokens + t.output_tokens) / t.conversations)) : '–'} tokens each`)}
      </div>
      <div class="charts">
        ${chartCard('chart-volume', 'Conversations and resolutions', 'Per day; resolutions by the day the conversation started')}
        ${chartCard('chart-rates', 'Deflection and order-status share', 'Resolved without a person, of conversations; order-status questions, of all questions')}
        ${chartCard('chart-mix', 'Resolution mix', `How conversations were resolved, with ${plural(t.write_cases || 0, 'write')} run outside a chat (${int(t.approved_writes || 0)} approved by a person) · ${plural(t.damage_reports || 0, 'damage report')} (${int(t.damage_kept || 0)} kept by the customer) · ${plural(t.promises_kept || 0, 'promise')} kept`)}
        ${chartCard('chart-response', 'Response times', 'Agent’s first reply (seconds); wait for a person (minutes)')}
        ${chartCard('chart-satisfaction', 'Satisfaction', 'Average ratings, 1 to 5')}
        ${chartCard('chart-revenue', 'Revenue from suggestions and referrals', 'Orders using the single-use code issued with a suggestion, or a friend’s code; a suggestion sent without a code, its product')}
        ${chartCard('chart-cost', 'Model cost', 'US dollars per conversation and per resolution without a person')}
        ${chartCard('chart-topics', 'Questions by topic', 'Once per topic per conversation')}
      </div>`);
    $$('[data-days]').forEach((b) => b.addEventListener('click', () => go('/console/metrics?days=' + b.dataset.days)));

    chartDefaults();
    onLeave(() => { charts.forEach((c) => c.destroy()); charts = []; });
    const yInt = { beginAtZero: true, ticks: { precision: 0 } };
    chart('chart-volume', {
      data: {
        labels,
        datasets: [
          { type: 'bar', label: 'Conversations', data: series((d) => d.conversations), backgroundColor: palette.indigoSoft, borderColor: palette.indigo, borderWidth: 1, borderRadius: 4 },
          line('Resolved without a person', series((d) => d.deflected), palette.green, { type: 'line' }),
          line('Handed to a person', series((d) => d.handovers), palette.amber, { type: 'line' }),
        ],
      },
      options: { scales: { y: yInt, x: { grid: { display: false } } } },
    });
    chart('chart-rates', {
      type: 'line',
      data: { labels, datasets: [
        line('Deflection rate', series((d) => d.deflection_rate), palette.green),
        line('Order-status share', series((d) => d.order_status_share), palette.indigo),
      ] },
      options: { scales: { y: { min: 0, max: 1, ticks: { callback: (v) => Math.round(v * 100) + '%' } }, x: { grid: { display: false } } },
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${pct(c.parsed.y)}` } } } },
    });
    const mixColors = { answered: palette.indigo, return: palette.blue, refund: palette.teal, replacement: palette.green, exchange: '#7c3aed',
      store_credit: '#0891b2', cancellation: palette.red, address_change: palette.slate, not_received: '#be185d', promise: '#65a30d', handover: palette.amber };
    const mixKeys = Object.keys(mixColors);
    chart('chart-mix', {
      type: 'doughnut',
      data: { labels: mixKeys.map((k) => k[0].toUpperCase() + k.slice(1).replace('_', ' ')), datasets: [{ label: 'Resolutions', data: mixKeys.map((k) => t.mix[k] || 0), backgroundColor: mixKeys.map((k) => mixColors[k]), borderWidth: 2, borderColor: '#fff' }] },
      options: { cutout: '62%', plugins: { legend: { position: 'right' } } },
    });
    chart('chart-response', {
      type: 'line',
      data: { labels, datasets: [
        line('Agent first reply (s)', series((d) => (d.first_response_ms == null ? null : d.first_response_ms / 1000)), palette.indigo, { yAxisID: 'y' }),
        line('Wait for a person (min)', series((d) => d.staff_response_min), palette.amber, { yAxisID: 'y1' }),
      ] },
      options: { scales: { y: { beginAtZero: true, position: 'left' }, y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } }, x: { grid: { display: false } } } },
    });
    chart('chart-satisfaction', {
      type: 'line',
      data: { labels, datasets: [
        line('CSAT', series((d) => d.csat), palette.indigo),
        line('Delivery satisfaction', series((d) => d.delivery_satisfaction), palette.teal),
      ] },
      options: { scales: { y: { min: 1, max: 5, ticks: { stepSize: 1 } }, x: { grid: { display: false } } } },
    });
    chart('chart-revenue', {
      type: 'bar',
      data: { labels, datasets: [
        { label: 'Suggestions', data: rep.revenue.suggestions, backgroundColor: 'rgba(15,159,110,.75)', borderRadius: 4, stack: 'revenue' },
        { label: 'Referrals', data: rep.revenue.referrals, backgroundColor: 'rgba(79,70,229,.7)', borderRadius: 4, stack: 'revenue' },
      ] },
      options: { scales: { y: { stacked: true, beginAtZero: true, ticks: { callback: (v) => chartMoney(cur).format(v) } }, x: { stacked: true, grid: { display: false } } },
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${chartMoney(cur).format(c.parsed.y)}` } } } },
    });
    chart('chart-cost', {
      type: 'line',
      data: { labels, datasets: [
        line('Per conversation', series((d) => d.cost_per_conversation_usd), palette.indigo),
        line('Per resolution', series((d) => d.cost_per_resolution_usd), palette.green),
      ] },
      options: { scales: { y: { beginAtZero: true, ticks: { callback: (v) => '$' + Number(v).toFixed(3) } }, x: { grid: { display: false } } },
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${usd(c.parsed.y)}` } } } },
    });
    const topicColors = { order_status: palette.indigo, return: palette.blue, exchange: '#6366f1', address: palette.teal, refund: palette.green, cancel: '#be185d', damage: palette.red, not_received: '#7c3aed', follow_up: '#0891b2', product: palette.amber, other: palette.slate };
    chart('chart-topics', {
      type: 'bar',
      data: { labels, datasets: Object.entries(topicColors).map(([k, c]) => ({ label: k.replaceAll('_', ' '), data: series((d) => d.topics[k] || 0), backgroundColor: c, borderRadius: 2 })) },
      options: { scales: { x: { stacked: true, grid: { display: false } }, y: { stacked: true, ...yInt } } },
    });
  }

  const kpi = (label, value, sub) => html`<div class="card kpi"><div class="label">${label}</div><div class="value">${value}</div><div class="sub">${sub}</div></div>`;
  const chartCard = (id, title, sub) => html`<section class="card chart-card"><div class="card-head"><div><h2>${title}</h2><p>${sub}</p></div></div>
    <div class="card-body"><div class="chart-box"><canvas id="${id}" data-testid="${id}" role="img" aria-label="${title}"></canvas></div></div></section>`;

  // ---- claims --------------------------------------------------------

  async function viewClaims() {
    const res = await api('/claims');
    const reason = { lost: ['Lost', 'red'], late_guaranteed: ['Late against guarantee', 'amber'] };
    setView(html`
      <div class="page-head">
        <div><h1>Carrier claims</h1><p>Late-against-guarantee and lost parcels, with the evidence a carrier asks for.</p></div>
        ${res.available ? html`<button class="button" id="export" data-testid="claims-export">Export CSV</button>` : ''}
      </div>
      <div class="card">
        ${!res.available ? empty('Claims are not kept in this deployment', 'The delivery check records them when it runs.')
        : !res.claims.length ? empty('No claims', 'Parcels delivered late against a guarantee, or lost, show up here.')
        : html`<table class="table"><thead><tr><th>Order</th><th>Reason</th><th>Carrier</th><th>Promised</th><th class="num">Days late</th><th class="num">Value</th><th>Status</th><th>Opened</th></tr></thead>
          <tbody>${res.claims.map((c) => html`<tr data-testid="claim-row">
            <td class="cell-main">${c.order_name}</td>
            <td>${html`<span class="pill ${(reason[c.reason] || ['', ''])[1]}">${(reason[c.reason] || [c.reason])[0]}</span>`}</td>
            <td>${c.carrier || '–'}${c.service ? html`<div class="cell-sub">${c.service}</div>` : ''}${c.tracking_number ? html`<div class="cell-sub">${c.tracking_number}</div>` : ''}</td>
            <td>${c.promised_by || '–'}</td>
            <td class="num">${c.days_late || '–'}</td>
            <td class="num" data-testid="claim-value">${c.goods_value_text}</td>
            <td><span class="pill">${c.status}</span></td>
            <td class="muted">${day(c.created_at)}</td></tr>`)}</tbody></table>`}
      </div>`);
    $('#export')?.addEventListener('click', () => download('/console/api/claims.csv', 'carrier-claims.csv'));
  }

  // ---- promises ------------------------------------------------------

  async function viewPromises() {
    const res = await api('/promises');
    const action = { replacement: 'Replacement', refund: 'Refund', trace: 'Carrier trace (a person)' };
    setView(html`
      <div class="page-head">
        <div><h1>Promises</h1><p>Follow-ups the assistant promised on late parcels: at the time, if the parcel has not arrived, the action runs and the customer is told.</p></div>
      </div>
      <div class="card">
        ${!res.available ? empty('Promises are not kept in this deployment', '')
        : !res.promises.length ? empty('No pending promises', 'When a customer says yes to a follow-up on a late parcel, it shows up here until it is due.')
        : html`<table class="table"><thead><tr><th>Order</th><th>Due</th><th>If not delivered</th><th>Customer</th><th>Promised</th></tr></thead>
          <tbody>${res.promises.map((p) => html`<tr data-testid="promise-row">
            <td class="cell-main"><a href="/console/conversations/${encodeURIComponent(p.conversation_id)}" data-link>${p.order_name}</a>${p.carrier ? html`<div class="cell-sub">${p.carrier}</div>` : ''}</td>
            <td>${when(p.due_at)}</td>
            <td><span class="pill">${action[p.action] || p.action}</span>${p.action === 'refund' ? html`<div class="cell-sub">${p.amount_text || ''}</div>` : ''}</td>
            <td>${p.customer || '–'}<div class="cell-sub">${p.channel}</div></td>
            <td class="muted">${day(p.created_at)}</td></tr>`)}</tbody></table>`}
      </div>`);
  }

  // ---- data-request exports -----------------------------------------

  // download fetches an API file with the session's credentials (a bearer
  // token in AWS, the cookie locally) and saves it as name.
  async function download(path, name) {
    const headers = {};
    const token = await DoorstepAuth.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(path, { headers, credentials: 'same-origin' });
    if (!res.ok) { toast('The download failed.', true); return; }
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // viewExports: the customers' data requests (Shopify's
  // customers/data_request), each export kept 30 days for the merchant to
  // send the customer.
  async function viewExports() {
    const res = await api('/exports');
    setView(html`
      <div class="page-head">
        <div><h1>Data requests</h1><p>Customers who asked Shopify for their data: download each export and send it to the customer. Kept 30 days; erased when the customer is redacted.</p></div>
      </div>
      <div class="card">
        ${!res.available ? empty('Exports are not kept in this deployment', '')
        : !res.exports.length ? empty('No data requests', 'When a customer asks for their data, the export shows up here.')
        : html`<table class="table"><thead><tr><th>Customer</th><th>Requested</th><th class="num">Orders</th><th class="num">Conversations</th><th>Export</th></tr></thead>
          <tbody>${res.exports.map((x) => html`<tr data-testid="export-row" data-id="${x.request_id}">
            <td class="cell-main">${x.email || '–'}</td>
            <td class="muted">${when(x.created_at)}</td>
            <td class="num">${int(x.orders)}</td>
            <td class="num">${int(x.conversations)}</td>
            <td><a href="/console/api/exports/${encodeURIComponent(x.request_id)}" data-export="${x.request_id}" data-testid="export-download">Download JSON</a></td></tr>`)}</tbody></table>`}
      </div>`);
    $$('[data-export]').forEach((a) => a.addEventListener('click', (e) => {
      e.preventDefault();
      download(a.getAttribute('href'), `data-request-${a.dataset.export.replace(/[^A-Za-z0-9_-]/g, '')}.json`);
    }));
  }

  // ---- outreach ------------------------------------------------------

  async function viewOutreach() {
    const res = await api('/outreach');
    const kind = { check_in: 'Check-in', suggestion: 'Suggestion', review: 'Review request', delivery_rating: 'Delivery rating' };
    const table = (rows, whenLabel) => html`<table class="table"><thead><tr><th>Customer</th><th>Order</th><th>Message</th><th>Channel</th><th>${whenLabel}</th><th>Status</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr data-testid="outreach-row"><td class="cell-main">${r.customer}</td><td>${r.order}</td><td>${kind[r.kind] || r.kind}${r.detail ? html`<div class="cell-sub">${r.detail}</div>` : ''}</td>
      <td>${r.channel || '–'}</td><td>${when(r.at)}</td><td><span class="pill">${r.status}</span></td></tr>`)}</tbody></table>`;
    setView(html`
      <div class="page-head"><div><h1>Outreach</h1><p>Check-ins, suggestions and review requests after delivery. Each is sent once, and never after a return or refund.</p></div>
        <a class="button" href="/console/settings" data-link>Outreach settings</a></div>
      ${!res.available ? html`<div class="card">${empty('Outreach is not running in this deployment', 'Its windows are in Settings; messages appear here once it runs.')}</div>` : html`
      <div class="stack">
        <section class="card"><div class="card-head"><h2>Scheduled</h2><span class="muted small">${res.scheduled.length}</span></div>
          ${res.scheduled.length ? table(res.scheduled, 'Due') : empty('Nothing scheduled', res.note || '')}</section>
        <section class="card"><div class="card-head"><h2>Sent</h2><span class="muted small">${res.sent.length}</span></div>
          ${res.sent.length ? table(res.sent, 'Sent') : empty('Nothing sent yet', '')}</section>
      </div>`}`);
  }

  // ---- settings ------------------------------------------------------

  const num = (name, label, value, hint, attrs = '') => html`<label>${label}<input type="number" name="${name}" value="${value}" ${new Safe(attrs)} data-field="${name}">${hint ? html`<span class="hint">${hint}</span>` : ''}<span class="field-error" data-error="${name}" hidden></span></label>`;
  const text = (name, label, value, hint, cls = '') => html`<label class="${cls}">${label}<input type="text" name="${name}" value="${value}" data-field="${name}">${hint ? html`<span class="hint">${hint}</span>` : ''}<span class="field-error" data-error="${name}" hidden></span></label>`;
  // A money setting: typed as a decimal of the shop's currency (no decimals for JPY); the server
  // reads it with package money and names the field when it is not an amount.
  const amount = (name, label, value, cur, hint) => html`<label>${label} (${cur.symbol || cur.code})<input type="text" inputmode="${cur.digits ? 'decimal' : 'numeric'}" name="${name}" value="${value}" data-amount="${name}" autocomplete="off">${hint ? html`<span class="hint">${hint}</span>` : ''}<span class="field-error" data-error="${name}" hidden></span></label>`;
  const check = (name, label, on) => html`<label class="check full"><input type="checkbox" name="${name}" ${on ? 'checked' : ''} data-field="${name}">${label}</label>`;

  async function viewSettings() {
    const res = await api('/settings');
    const s = res.settings;
    const p = s.policy, o = s.outreach, n = s.notifications;
    const b = s.brand || (s.brand = { logo_url: '', primary_color: '', accent_color: '' });
    const amounts = res.amounts || {}, cur = res.currency || { code: 'USD', symbol: '$', digits: 2 };
    setView(html`
      <form id="settings-form" novalidate>
      <div class="page-head"><div><h1>Settings</h1><p>Changes apply to the agent’s next answer: here at once, everywhere within ${res.applies_within_seconds} seconds. No deploy needed.</p></div>
        <div class="toolbar"><span class="muted small" id="saved-at">${s.updated_at ? `Last changed ${when(s.updated_at)}${s.updated_by ? ' by ' + s.updated_by : ''}` : 'Using the defaults'}</span>
          <button class="button primary" type="submit" data-testid="settings-save">Save settings</button></div></div>
        <div class="settings">
          <section class="card"><div class="card-head"><h2>Shop</h2></div><div class="card-body fields">
            <label>Currency<input type="text" name="currency" value="${cur.code}" data-field="currency" maxlength="3" autocomplete="off" data-testid="currency"><span class="hint">As in Shopify’s store settings (USD, EUR, JPY). Every amount below is in it; JPY has no decimals.</span><span class="field-error" data-error="currency" hidden></span></label>
          </div></section>
          <section class="card"><div class="card-head"><h2>Returns and refunds</h2></div><div class="card-body fields">
            ${num('policy.return_window_days', 'Return window (days)', p.return_window_days, 'Counted from delivery.', 'min="0" max="365" data-testid="return-window"')}
            ${num('policy.store_credit_bonus_percent', 'Store credit bonus (%)', p.store_credit_bonus_percent, 'Offered on top when a customer takes credit.', 'min="0" max="100"')}
            ${check('policy.auto_returns', 'The agent starts returns inside the window on its own', p.auto_returns)}
            ${amount('policy.keep_it_limit', 'Damaged or wrong items kept up to', amounts['policy.keep_it_limit'], cur, 'Replaced or refunded with no return; dearer ones come back (a replacement or credit goes at once, a refund once the item is back). 0: always a return.')}
            ${num('policy.not_received_wait_hours', 'Delivered but not found: look around for (hours)', p.not_received_wait_hours || 0, 'After the delivery scan, before the delivery policy acts.', 'min="0" max="168"')}
            <label>Delivered but not found, after that: <select name="policy.not_received_action" data-field="policy.not_received_action" data-testid="not-received-action">${[['replace', 'Send a replacement'], ['refund', 'Refund the parcel'], ['trace', 'Trace with the carrier; a person follows up'], ['person', 'A person decides']].map(([v, l]) => html`<option value="${v}" ${(p.not_received_action || 'person') === v ? 'selected' : ''}>${l}</option>`)}</select><span class="hint">Parcels worth more than the limit below go to a person.</span><span class="field-error" data-error="policy.not_received_action" hidden></span></label>
            ${num('policy.not_received_claim_days', 'Delivered but not found: claims taken up automatically within (days)', p.not_received_claim_days || 0, 'Counted from the delivery scan; an older claim goes to a person. 0: no limit.', 'min="0" max="365"')}
            ${amount('policy.not_received_auto_limit', 'Delivered but not found: replaced or refunded up to', amounts['policy.not_received_auto_limit'], cur, 'The parcel’s items; dearer ones go to a person. Refunds stay within the refund limit too.')}
            ${num('policy.late_act_days', 'Late parcel: replace or refund on request after (days)', p.late_act_days || 0, 'Days past the estimate (or stalled) before a customer who asks gets it now; before that, a follow-up promise. 0: only once stalled.', 'min="0" max="60"')}
            ${amount('policy.refund_auto_limit', 'Automatic refunds up to', amounts['policy.refund_auto_limit'], cur, 'One limit for returns and refunds, in chat, email and the delivery check; larger ones wait for a person.')}
          </div></section>
          <section class="card"><div class="card-head"><h2>Orders and delivery</h2></div><div class="card-body fields">
            ${check('policy.auto_address_change', 'The agent changes addresses of unshipped orders on its own', p.auto_address_change)}
            ${amount('policy.cancel_auto_limit', 'Automatic cancellations up to', amounts['policy.cancel_auto_limit'], cur, 'Unshipped orders worth more wait for a person; 0 uses the refund limit.')}
          </div></section>
          <section class="card"><div class="card-head"><h2>Voice</h2></div><div class="card-body fields">
            ${text('policy.shop_name', 'Shop name', p.shop_name, 'As the agent says it.', 'full')}
            ${text('policy.voice', 'Voice', p.voice, 'A few words: “warm, plain and brief”.', 'full')}
            ${text('policy.sign_off', 'Sign-off', p.sign_off, 'Ends replies that close a topic, e.g. “— The Hearth & Harbor team”.', 'full')}
          </div></section>
          <section class="card"><div class="card-head"><h2>Brand</h2></div><div class="card-body fields">
            ${text('brand.logo_url', 'Logo address', b.logo_url, 'An https image address (in Shopify: Settings › Brand, or Content › Files). Shown on the tracking page and in notice emails; empty shows the shop name.', 'full')}
            ${text('brand.primary_color', 'Primary colour', b.primary_color, 'Headers, written #rrggbb (e.g. #2f4858); empty for the default.')}
            ${text('brand.accent_color', 'Accent colour', b.accent_color, 'Buttons and links, #rrggbb; empty for the default.')}
          </div></section>
          <section class="card"><div class="card-head"><h2>Outreach after delivery</h2></div><div class="card-body fields">
            ${check('outreach.enabled', 'Check in with customers after delivery', o.enabled)}
            ${num('outreach.check_in_days', 'Check-in after (days)', o.check_in_days, '', 'min="1" max="60"')}
            ${num('outreach.review_days', 'Rating and review request after (days)', o.review_days, '', 'min="1" max="90"')}
            ${check('outreach.suggestions', 'Suggest a reorder or add-on to happy customers', o.suggestions)}
            ${num('outreach.discount_percent', 'Thank-you code: percent off', o.discount_percent, 'Each suggestion gets a new code made in Shopify, for that customer, usable once. 0 and no amount: no code.', 'min="0" max="100" data-testid="discount-percent"')}
            ${amount('outreach.discount_amount', 'Or an amount off', amounts['outreach.discount_amount'], cur, 'Instead of a percentage; 0 for none.')}
            ${num('outreach.discount_days', 'Codes valid for (days)', o.discount_days, '', 'min="1" max="365"')}
            ${check('outreach.friend_codes', 'Also give happy customers a single-use code to pass on to a friend (counted as referral revenue)', o.friend_codes)}
            ${num('outreach.attribution_days', 'Attribution window (days)', o.attribution_days, '', 'min="1" max="90"')}
          </div></section>
          <section class="card"><div class="card-head"><h2>Notifications</h2></div><div class="card-body fields">
            ${check('notifications.email_confirmed', 'Email: order confirmed', n.email_confirmed)}
            ${check('notifications.email_shipped', 'Email: shipped', n.email_shipped)}
            ${check('notifications.email_out_for_delivery', 'Email: out for delivery', n.email_out_for_delivery)}
            ${check('notifications.email_delivered', 'Email: delivered', n.email_delivered)}
            ${check('notifications.email_delayed', 'Email: delayed', n.email_delayed)}
            ${check('notifications.sms', 'Text messages too, to customers who opted in (tracking page, or replying START)', n.sms)}
          </div></section>
          <section class="card"><div class="card-head"><h2>Escalations</h2></div><div class="card-body fields">
            ${text('notifications.staff_email', 'Team email', n.staff_email, 'Told of every new handoff.', 'full')}
            ${text('notifications.second_contact', 'Second contact', n.second_contact, 'Told when a handoff misses its SLA.', 'full')}
            ${num('notifications.sla_hours', 'Answer within (hours)', n.sla_hours, '0 keeps the deployment\'s EscalationSla.', 'min="0" max="168"')}
          </div></section>
        </div>
      </form>`);
    $('#settings-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      $$('[data-error]').forEach((el) => { el.hidden = true; });
      const next = structuredClone(s);
      for (const input of $$('[data-field]', e.target)) {
        const [group, key] = input.dataset.field.split('.');
        let v;
        if (input.type === 'checkbox') v = input.checked;
        else if (input.type === 'number') v = Math.round(Number(input.value));
        else v = input.value;
        if (key === undefined) next[group] = v.trim().toUpperCase();
        else next[group][key] = v;
      }
      // Money goes as typed; the server reads it in the currency above and keeps the form as it is
      // when an amount is not one.
      next.amounts = {};
      for (const input of $$('[data-amount]', e.target)) next.amounts[input.dataset.amount] = input.value;
      delete next.updated_at;
      delete next.updated_by;
      try {
        const saved = await api('/settings', { method: 'PUT', body: next });
        Object.assign(s, saved.settings);
        if (saved.currency.code !== cur.code) { viewSettings(); toast('Settings saved. Amounts are now in ' + saved.currency.code + '.'); return; }
        for (const input of $$('[data-amount]', e.target)) input.value = saved.amounts[input.dataset.amount] ?? input.value;
        $('#saved-at').textContent = `Saved ${when(saved.settings.updated_at)}`;
        toast('Settings saved. The agent uses them from its next answer.');
      } catch (err) {
        if (err.status === 401) return;
        for (const [field, problem] of Object.entries(err.body?.fields || {})) {
          const el = $(`[data-error="${field}"]`);
          if (el) { el.textContent = problem; el.hidden = false; }
        }
        toast(err.body?.fields ? 'Some settings need fixing.' : err.message, true);
      }
    });
  }

  // ---- start ---------------------------------------------------------

  $('#sign-out').addEventListener('click', async () => {
    try { await api('/logout', { method: 'POST' }); } catch { /* signed out either way */ }
    DoorstepAuth.signOut();
    location.assign('/console/login');
  });

  (async () => {
    try {
      const me = await api('/me');
      setZone(me.time_zone);
      $('#user-name').textContent = me.user.name;
      $('#user-initial').textContent = (me.user.name || '?')[0];
      if (me.shop_name) $('#shop-name').textContent = me.shop_name;
    } catch (err) {
      if (err.status === 401) return;
    }
    route();
  })();
})();
