/*
 * doorstep storefront chat widget. No dependencies; embed with
 *
 *   <script src="https://HOST/widget.js" data-shop="shop.myshopify.com" async></script>
 *
 * Optional: data-api (API base URL; default: where this script came from),
 * data-customer-token (storefront-signed token of a signed-in customer),
 * data-title, data-color. It lives in a Shadow DOM so the shop's CSS cannot
 * reach it, and server text is only ever set as text, never as HTML.
 */
(() => {
  'use strict';
  const me = document.currentScript || document.querySelector('script[src*="widget.js"][data-shop]');
  if (!me || window.doorstepWidget) return;
  window.doorstepWidget = true;

  const attr = (n) => (me.getAttribute('data-' + n) || '').trim();
  const shop = attr('shop');
  const api = (attr('api') || new URL(me.src, location.href).origin).replace(/\/+$/, '');
  const KEY = 'doorstep:' + shop; // sessionStorage: {id, token, exp, rated}
  const T = {
    hello: 'Hi! Ask me about an order: where it is, a return, or a change of address.',
    handover: 'A member of our team will reply here.',
    slow: "You're sending messages quickly; please wait a moment.",
    long: 'That message is too long; please shorten it and try again.',
    failed: "Sorry, that didn't go through. Please try again in a moment.",
  };

  // ---- tiny helpers ------------------------------------------------------
  const el = (tag, cls, text) => {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  };
  const load = () => { try { return JSON.parse(sessionStorage.getItem(KEY)); } catch (_) { return null; } };
  const save = (v) => { try { v ? sessionStorage.setItem(KEY, JSON.stringify(v)) : sessionStorage.removeItem(KEY); } catch (_) { /* storage off */ } };

  // call is one JSON request to the chat API; a non-2xx answer throws an
  // error carrying its status.
  async function call(method, path, body, token) {
    const headers = {};
    if (body) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = 'Bearer ' + token;
    const res = await fetch(api + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    if (!res.ok) throw Object.assign(new Error('HTTP ' + res.status), { status: res.status });
    return res.json();
  }

  // ---- the DOM (Shadow DOM; markup here is ours, never the server's) -----
  const ICON_CHAT = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16h0A2.5 2.5 0 0 1 4 13.5z"/></svg>';
  const ICON_X = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" fill="none"/></svg>';
  const ICON_SEND = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12 2-12 2z"/></svg>';
  const STYLE = `
:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
button{font:inherit;cursor:pointer}
svg{width:24px;height:24px;fill:currentColor}
.launch{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:58px;height:58px;border:0;border-radius:50%;
 background:var(--c);color:#fff;display:grid;place-items:center;box-shadow:0 6px 20px rgba(0,0,0,.22);transition:transform .15s}
.launch:hover{transform:scale(1.06)}
:focus-visible{outline:3px solid var(--c);outline-offset:2px}
.launch:focus-visible{outline-color:#fff;box-shadow:0 0 0 5px var(--c)}
.panel{position:fixed;right:20px;bottom:92px;z-index:2147483000;width:370px;height:min(580px,calc(100vh - 112px));
 display:flex;flex-direction:column;background:#fff;color:#1c1f23;border-radius:16px;overflow:hidden;
 box-shadow:0 12px 48px rgba(0,0,0,.2),0 2px 6px rgba(0,0,0,.08);font-size:14.5px;line-height:1.45;
 transform-origin:bottom right;animation:pop .18s ease-out}
.panel[hidden]{display:none}
@keyframes pop{from{opacity:0;transform:translateY(8px) scale(.98)}}
header{background:var(--c);color:#fff;padding:16px 18px;display:flex;align-items:center;gap:12px}
header b{display:block;font-size:16px}
header small{opacity:.85;font-size:12.5px}
header small:before{content:"";display:inline-block;width:7px;height:7px;border-radius:50%;background:#5ee08a;margin-right:6px}
.x{margin-left:auto;background:none;border:0;color:#fff;padding:4px;border-radius:8px;display:grid;opacity:.9}
.x svg{width:20px;height:20px}
.x:focus-visible{outline-color:#fff}
.log{flex:1;overflow-y:auto;padding:16px 14px;display:flex;flex-direction:column;gap:10px;background:#f7f7f8}
.msg{max-width:84%;padding:9px 13px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere}
.msg a{color:inherit;text-decoration:underline}
.agent,.hello{align-self:flex-start;background:#fff;border:1px solid #e6e6e9;border-bottom-left-radius:5px}
.agent a,.hello a{color:var(--c)}
.customer{align-self:flex-end;background:var(--c);color:#fff;border-bottom-right-radius:5px}
.note{align-self:center;max-width:92%;color:#5c6470;font-size:12.5px;text-align:center;padding:2px 8px}
.dots{align-self:flex-start;display:flex;gap:4px;padding:13px 14px;background:#fff;border:1px solid #e6e6e9;border-radius:16px}
.dots i{width:7px;height:7px;border-radius:50%;background:#9aa0a8;animation:blink 1.2s infinite}
.dots i:nth-child(2){animation-delay:.2s}.dots i:nth-child(3){animation-delay:.4s}
@keyframes blink{0%,60%,100%{opacity:.3;transform:none}30%{opacity:1;transform:translateY(-3px)}}
.rate{align-self:center;text-align:center;background:#fff;border:1px solid #e6e6e9;border-radius:12px;padding:8px 14px;font-size:13px;color:#3b4149}
.rate button{background:none;border:0;font-size:22px;line-height:1;padding:2px;color:#c9ccd1}
.rate button.on{color:#f2a93b}
form{display:flex;gap:8px;align-items:flex-end;padding:12px;border-top:1px solid #ececef;background:#fff}
textarea{flex:1;resize:none;border:1px solid #d5d7dc;border-radius:12px;padding:10px 12px;font:inherit;color:inherit;
 max-height:120px;outline:none;background:#fff}
textarea:focus{border-color:var(--c);box-shadow:0 0 0 3px color-mix(in srgb,var(--c) 18%,transparent)}
.send{width:40px;height:40px;flex:none;border:0;border-radius:50%;background:var(--c);color:#fff;display:grid;place-items:center}
.send svg{width:19px;height:19px}
.send:disabled{opacity:.45;cursor:default}
.foot{text-align:center;font-size:11px;color:#9aa0a8;padding:0 0 8px;background:#fff}
@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;height:100vh;border-radius:0}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}`;

  const host = el('div');
  host.id = 'doorstep-widget';
  const root = host.attachShadow({ mode: 'open' });
  const color = attr('color');
  host.style.setProperty('--c', color && window.CSS && CSS.supports('color', color) ? color : '#0f6e64');
  root.append(el('style', '', STYLE));

  const launcher = el('button', 'launch');
  launcher.type = 'button';
  launcher.dataset.testid = 'doorstep-launcher';
  launcher.setAttribute('aria-label', 'Open chat');
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'doorstep-panel');
  launcher.innerHTML = ICON_CHAT;

  const panel = el('section', 'panel');
  panel.id = 'doorstep-panel';
  panel.hidden = true;
  panel.dataset.testid = 'doorstep-panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', attr('title') || 'Order help');
  const head = el('header');
  const titles = el('div');
  titles.append(el('b', '', attr('title') || 'Order help'), el('small', '', 'We usually reply in seconds'));
  const close = el('button', 'x');
  close.type = 'button';
  close.setAttribute('aria-label', 'Close chat');
  close.innerHTML = ICON_X;
  head.append(titles, close);

  const list = el('div', 'log');
  list.setAttribute('role', 'log');
  list.setAttribute('aria-live', 'polite');
  const form = el('form');
  const input = el('textarea');
  input.rows = 1;
  input.maxLength = 4000;
  input.placeholder = 'Type your message…';
  input.setAttribute('aria-label', 'Your message');
  input.dataset.testid = 'doorstep-input';
  const send = el('button', 'send');
  send.type = 'submit';
  send.setAttribute('aria-label', 'Send message');
  send.dataset.testid = 'doorstep-send';
  send.innerHTML = ICON_SEND;
  form.append(input, send);
  panel.append(head, list, form, el('div', 'foot', 'Powered by doorstep'));
  root.append(panel, launcher);

  // ---- messages ----------------------------------------------------------
  const scroll = () => { list.scrollTop = list.scrollHeight; };

  // rich fills node with text, http(s) URLs as links, built node by node.
  function rich(node, text) {
    const re = /https?:\/\/[^\s<>"']+/g;
    let at = 0, m;
    while ((m = re.exec(text))) {
      const url = m[0].replace(/[.,;:!?)\]]+$/, ''); // not the sentence's punctuation
      const a = el('a', '', url);
      a.href = url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      node.append(text.slice(at, m.index), a);
      at = re.lastIndex = m.index + url.length;
    }
    node.append(text.slice(at));
  }

  // show adds one message; role is customer, agent (also staff) or system.
  function show(role, text, cls) {
    const n = el('div', 'msg ' + (cls || role));
    n.dataset.testid = 'doorstep-message';
    n.dataset.role = role;
    rich(n, text);
    list.append(n);
    scroll();
    if (role === 'agent' && ++replies >= 3 && conv && !conv.rated && !rating) rate();
    return n;
  }
  const note = (text) => show('system', text, 'note');

  // rate shows the "How did we do?" row once; a star posts the score.
  function rate() {
    rating = el('div', 'rate');
    rating.dataset.testid = 'doorstep-csat';
    const stars = [1, 2, 3, 4, 5].map((s) => {
      const b = el('button', '', '★');
      b.type = 'button';
      b.setAttribute('aria-label', `Rate ${s} out of 5`);
      b.onmouseenter = b.onfocus = () => stars.forEach((x, i) => x.classList.toggle('on', i < s));
      b.onclick = async () => {
        try {
          await call('POST', `/v1/conversations/${conv.id}/csat`, { score: s, comment: '' }, conv.token);
          conv.rated = true;
          save(conv);
          rating.replaceChildren('Thanks for your feedback!');
        } catch (_) { rating.replaceChildren(T.failed); }
      };
      return b;
    });
    rating.onmouseleave = () => stars.forEach((x) => x.classList.remove('on'));
    rating.append(el('div', '', 'How did we do?'), ...stars);
    list.append(rating);
    scroll();
  }

  // ---- conversation ------------------------------------------------------
  let conv = null, starting = null, replies = 0, seen = 0, status = 'open', told = false, rating = null, poller = 0, busy = false;

  // connect resumes this tab's conversation (its transcript) or starts one.
  async function connect() {
    const old = load();
    if (old && old.id && old.token && !(Date.parse(old.exp) < Date.now())) {
      try {
        const t = await call('GET', '/v1/conversations/' + encodeURIComponent(old.id), null, old.token);
        conv = old;
        if (t.csat) conv.rated = true;
        t.messages.forEach((m) => show(m.role === 'customer' ? 'customer' : 'agent', m.text));
        seen = t.messages.length;
        setStatus(t.status);
        return conv;
      } catch (e) {
        if (e.status !== 401 && e.status !== 404) throw e;
        save(null); // expired or gone: start afresh
      }
    }
    const body = { shop };
    if (attr('customer-token')) body.customer_token = attr('customer-token');
    const r = await call('POST', '/v1/conversations', body);
    conv = { id: r.conversation_id, token: r.token, exp: r.expires_at };
    save(conv);
    return conv;
  }
  const ready = () => starting || (starting = connect().catch((e) => { starting = null; throw e; }));

  // setStatus notes a handover once and, while it lasts, looks for the
  // team's replies every 8 seconds.
  function setStatus(s, quiet) {
    status = s;
    if (s === 'handover' && quiet && !told) { told = true; note(T.handover); }
    clearInterval(poller);
    if (s === 'handover') poller = setInterval(poll, 8000);
  }
  async function poll() {
    if (panel.hidden || busy) return;
    try {
      const t = await call('GET', '/v1/conversations/' + encodeURIComponent(conv.id), null, conv.token);
      t.messages.slice(seen).forEach((m) => { if (m.role !== 'customer') { show('agent', m.text); told = false; } });
      seen = t.messages.length;
      if (t.status !== status) setStatus(t.status);
    } catch (_) { /* try again next time */ }
  }

  async function say(text) {
    const c = await ready();
    return call('POST', `/v1/conversations/${encodeURIComponent(c.id)}/messages`, { text }, c.token);
  }

  async function submit() {
    const text = input.value.trim();
    if (!text || busy) return;
    busy = send.disabled = true;
    input.value = '';
    grow();
    const mine = show('customer', text);
    const dots = el('div', 'dots');
    dots.dataset.testid = 'doorstep-typing';
    dots.setAttribute('aria-label', 'Typing');
    dots.append(el('i'), el('i'), el('i'));
    list.append(dots);
    scroll();
    try {
      let r;
      try {
        r = await say(text);
      } catch (e) {
        if (e.status !== 401 && e.status !== 404) throw e;
        save(null); // the conversation expired mid-chat: start a new one, once
        starting = conv = null;
        seen = 0;
        r = await say(text);
      }
      seen += r.reply ? 2 : 1;
      if (r.reply) { told = false; show('agent', r.reply.text); }
      setStatus(r.status, !r.reply);
    } catch (e) {
      mine.remove(); // not sent: give the text back to retry
      if (!input.value) { input.value = text; grow(); }
      note(e.status === 429 ? T.slow : e.status === 413 ? T.long : T.failed);
    } finally {
      dots.remove();
      busy = send.disabled = false;
      input.focus();
    }
  }

  // ---- wiring ------------------------------------------------------------
  function grow() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 120) + 'px';
  }
  function toggle(open) {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
    launcher.innerHTML = open ? ICON_X : ICON_CHAT;
    if (!open) return launcher.focus();
    input.focus();
    if (!list.firstChild) {
      show('system', T.hello, 'hello');
      ready().catch(() => note("We couldn't reach the chat just now. Send a message to try again."));
    }
  }
  launcher.onclick = () => toggle(panel.hidden);
  close.onclick = () => toggle(false);
  panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') toggle(false); });
  form.onsubmit = (e) => { e.preventDefault(); submit(); };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
  });
  input.addEventListener('input', grow);

  const mount = () => document.body.append(host);
  document.body ? mount() : document.addEventListener('DOMContentLoaded', mount);
})();
