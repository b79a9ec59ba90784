/*
 * doorstep storefront chat widget, dependency-free. Embed with
 *   <script src="https://HOST/widget.js" data-shop="shop.myshopify.com" async></script>
 * Optional: data-api (API base; default: where this script came from),
 * data-customer-token (storefront-signed token of a signed-in customer),
 * data-title, data-color. It lives in a Shadow DOM so shop CSS cannot reach
 * it; server text is only ever set as text, never as HTML. The conversation
 * is kept in localStorage until its token expires, so a customer who comes
 * back in the same browser finds it, with any reply from the team; once it
 * has expired, the widget offers to continue it after an order-and-email check.
 */
(() => {
  'use strict';
  const me = document.currentScript || document.querySelector('script[src*="widget.js"][data-shop]');
  if (!me || window.doorstepWidget) return;
  window.doorstepWidget = true;

  const attr = (n) => (me.getAttribute('data-' + n) || '').trim();
  const shop = attr('shop');
  const api = (attr('api') || new URL(me.src, location.href).origin).replace(/\/+$/, '');
  const title = attr('title') || 'Order help';
  const KEY = 'doorstep:' + shop; // localStorage: {id, token, exp, rated, seen}
  const T = {
    hello: 'Hi! Ask me about an order: where it is, a return, or a change of address.',
    handover: 'A member of our team will reply here.',
    slow: "You're sending messages quickly; please wait a moment.",
    long: 'That message is too long; please shorten it and try again.',
    failed: "Sorry, that didn't go through. Please try again in a moment.",
    away: 'Our team replied while you were away.',
    expired: 'Your earlier chat has expired. To see it again, with any reply from our team, confirm your order number and the email you ordered with.',
    back: "You're back in your earlier chat.",
    fresh: "We couldn't find that chat, but we know it's you now: ask away.",
    nomatch: "That order number and email don't match. Check both and try again.",
    notPhoto: "That file isn't a photo we can take. Please send a picture (JPEG, PNG or HEIC).",
    bigPhoto: 'That photo is too large. Please send a smaller one, or a screenshot.',
    manyPhotos: "We've got as many photos as we can keep for this chat. A member of our team can ask for more.",
  };

  // el makes an element with attributes (class, aria-*, data-*...) and text.
  const el = (tag, attrs, text) => {
    const n = document.createElement(tag);
    for (const k in attrs || {}) n.setAttribute(k, attrs[k]);
    if (text != null) n.textContent = text;
    return n;
  };
  const load = () => { try { return JSON.parse(localStorage.getItem(KEY)); } catch (_) { return null; } };
  const save = (v) => { try { v ? localStorage.setItem(KEY, JSON.stringify(v)) : localStorage.removeItem(KEY); } catch (_) { /* no storage */ } };
  const expired = (c) => !c.token || Date.parse(c.exp) < Date.now();

  // call makes one JSON request to the chat API; a non-2xx answer throws an
  // error with its status.
  async function call(method, path, body, token) {
    const headers = {};
    if (body) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = 'Bearer ' + token;
    const res = await fetch(api + path, { method, headers, body: body && JSON.stringify(body) });
    if (!res.ok) throw Object.assign(new Error('HTTP ' + res.status), { status: res.status });
    return res.json();
  }
  const convPath = (c, rest) => '/v1/conversations/' + encodeURIComponent(c.id) + (rest || '');

  // ---- markup and style: ours, constant ----------------------------------
  const svg = (d) => `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="${d}"/></svg>`;
  const ICON_CHAT = svg('M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z');
  const ICON_X = svg('M6.7 5.3 12 10.6l5.3-5.3 1.4 1.4-5.3 5.3 5.3 5.3-1.4 1.4-5.3-5.3-5.3 5.3-1.4-1.4 5.3-5.3-5.3-5.3z');
  const ICON_SEND = svg('M3.4 20.4 21 12 3.4 3.6V10l12 2-12 2z');
  const ICON_CAMERA = svg('M9 4.5 7.6 6.5H5A2.5 2.5 0 0 0 2.5 9v8.5A2.5 2.5 0 0 0 5 20h14a2.5 2.5 0 0 0 2.5-2.5V9A2.5 2.5 0 0 0 19 6.5h-2.6L15 4.5zM12 9a4.25 4.25 0 1 1 0 8.5A4.25 4.25 0 0 1 12 9m0 2a2.25 2.25 0 1 0 0 4.5 2.25 2.25 0 0 0 0-4.5');
  const STYLE = `
:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
button{font:inherit;cursor:pointer;border:0}
svg{width:24px;height:24px;fill:currentColor}
:focus-visible{outline:3px solid var(--c);outline-offset:2px}
.launch,.panel{position:fixed;right:20px;z-index:2147483000}
.launch{bottom:20px;width:58px;height:58px;border-radius:50%;box-shadow:0 6px 20px rgba(0,0,0,.22)}
.launch,.send{background:var(--c);color:#fff;display:grid;place-items:center}
.panel{bottom:92px;width:370px;height:min(580px,calc(100vh - 112px));display:flex;flex-direction:column;
 background:#fff;color:#1c1f23;border-radius:16px;overflow:hidden;font-size:14.5px;line-height:1.45;
 box-shadow:0 12px 48px rgba(0,0,0,.2),0 2px 6px rgba(0,0,0,.08);animation:pop .18s ease-out}
.panel[hidden]{display:none}
@keyframes pop{from{opacity:0;transform:translateY(8px)}}
header{background:var(--c);color:#fff;padding:16px 18px;display:flex;align-items:center}
header b{display:block;font-size:16px}
header small{opacity:.85;font-size:12.5px}
header small:before{content:"";display:inline-block;width:7px;height:7px;border-radius:50%;background:#5ee08a;margin-right:6px}
.x{margin-left:auto;background:none;color:#fff;padding:4px;border-radius:8px;display:grid}
.x:focus-visible{outline-color:#fff}
.log{flex:1;overflow-y:auto;padding:16px 14px;display:flex;flex-direction:column;gap:10px;background:#f7f7f8}
.msg{max-width:84%;padding:9px 13px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere}
.msg a{color:inherit}
.agent,.hello,.dots{align-self:flex-start;background:#fff;border:1px solid #e6e6e9;border-bottom-left-radius:5px}
.agent a{color:var(--c)}
.customer{align-self:flex-end;background:var(--c);color:#fff;border-bottom-right-radius:5px}
.note{align-self:center;max-width:92%;color:#5c6470;font-size:12.5px;text-align:center;padding:2px 8px}
.dots{display:flex;gap:4px;padding:13px 14px;border-radius:16px}
.dots i{width:7px;height:7px;border-radius:50%;background:#9aa0a8;animation:blink 1.2s infinite}
.dots i:nth-child(2){animation-delay:.2s}.dots i:nth-child(3){animation-delay:.4s}
@keyframes blink{30%{opacity:1;transform:translateY(-3px)}0%,60%,100%{opacity:.3}}
.rate{align-self:center;text-align:center;background:#fff;border:1px solid #e6e6e9;border-radius:12px;padding:8px 14px;font-size:13px}
.rate button{background:none;font-size:22px;line-height:1;padding:2px;color:#c9ccd1}
.rate .on{color:#f2a93b}
form{display:flex;gap:8px;align-items:flex-end;padding:12px;border-top:1px solid #ececef}
textarea{flex:1;resize:none;border:1px solid #d5d7dc;border-radius:12px;padding:10px 12px;font:inherit;color:inherit;max-height:120px}
textarea:focus{outline:0;border-color:var(--c);box-shadow:0 0 0 3px color-mix(in srgb,var(--c) 18%,transparent)}
.send{width:40px;height:40px;flex:none;border-radius:50%}
.attach{width:40px;height:40px;flex:none;border-radius:50%;background:none;color:#5c6470;display:grid;place-items:center}
.attach:hover{color:var(--c)}
.attach:disabled{opacity:.45;cursor:default}
.file{position:absolute;width:1px;height:1px;opacity:0;pointer-events:none}
.pic{display:block;max-width:180px;max-height:180px;border-radius:10px;margin:2px 0}
.pic+span{display:block}
.send svg,.x svg{width:20px;height:20px}
.send:disabled{opacity:.45;cursor:default}
.foot{text-align:center;font-size:11px;color:#9aa0a8;padding-bottom:8px}
.team{align-self:flex-start;background:#fff;border:1px solid var(--c);border-bottom-left-radius:5px}
.team:before{content:"Our team";display:block;font-size:11.5px;font-weight:600;color:var(--c)}
.resume{align-self:stretch;background:#fff;border:1px solid #e6e6e9;border-radius:12px;padding:10px 12px;font-size:13px;display:grid;gap:6px}
.resume input{font:inherit;border:1px solid #d5d7dc;border-radius:8px;padding:7px 9px}
.resume button{background:var(--c);color:#fff;border-radius:8px;padding:8px}
.resume .no{background:none;color:#5c6470;text-decoration:underline;padding:2px}
.resume .err{color:#a12a16}
.dot{position:absolute;top:2px;right:2px;width:14px;height:14px;border-radius:50%;background:#e8453c;border:2px solid #fff}
@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;height:100vh;height:100dvh;border-radius:0}
 .panel:not([hidden])~.launch{display:none}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}`;

  const host = el('div', { id: 'doorstep-widget' });
  const root = host.attachShadow({ mode: 'open' });
  const color = attr('color');
  host.style.setProperty('--c', color && window.CSS && CSS.supports('color', color) ? color : '#0f6e64');
  const launcher = el('button', { type: 'button', class: 'launch', 'data-testid': 'doorstep-launcher',
    'aria-label': 'Open chat', 'aria-expanded': 'false', 'aria-controls': 'panel' });
  const panel = el('section', { id: 'panel', class: 'panel', role: 'dialog', 'aria-label': title, 'data-testid': 'doorstep-panel' });
  panel.hidden = true;
  const head = el('header');
  const heading = el('div');
  heading.append(el('b', {}, title), el('small', {}, 'We usually reply in seconds'));
  const close = el('button', { type: 'button', class: 'x', 'aria-label': 'Close chat' });
  close.innerHTML = ICON_X;
  head.append(heading, close);
  const list = el('div', { class: 'log', role: 'log', 'aria-live': 'polite' });
  const form = el('form');
  const input = el('textarea', { rows: 1, maxlength: 4000, placeholder: 'Type your message…',
    'aria-label': 'Your message', 'data-testid': 'doorstep-input' });
  const send = el('button', { type: 'submit', class: 'send', 'aria-label': 'Send message', 'data-testid': 'doorstep-send' });
  send.innerHTML = ICON_SEND;
  // accept="image/*" lets phones offer the camera as well as the gallery
  // (capture would take the gallery away).
  const file = el('input', { type: 'file', accept: 'image/*', class: 'file', tabindex: '-1', 'aria-hidden': 'true', 'data-testid': 'doorstep-file' });
  const attach = el('button', { type: 'button', class: 'attach', 'aria-label': 'Attach a photo', title: 'Attach a photo', 'data-testid': 'doorstep-attach' });
  attach.innerHTML = ICON_CAMERA;
  form.append(file, attach, input, send);
  panel.append(head, list, form, el('div', { class: 'foot' }, 'Powered by doorstep'));
  root.append(el('style', {}, STYLE), panel, launcher);

  // ---- messages ----------------------------------------------------------
  let conv = null, starting = null, replies = 0, seen = 0, status = 'open', told = false, rating = null, poller = 0, busy = false;
  let follower = 0, follows = 0;
  const scroll = () => { list.scrollTop = list.scrollHeight; };

  // rich fills node with text, its http(s) URLs as links, node by node.
  function rich(node, text) {
    const re = /https?:\/\/[^\s<>"']+/g;
    let at = 0, m;
    while ((m = re.exec(text))) {
      const url = m[0].replace(/[.,;:!?)\]]+$/, ''); // not the sentence's punctuation
      let label = url.replace(/^https?:\/\/(www\.)?/, '').replace(/[?#].*/, '…'); // full URL in title
      if (label.length > 36) label = label.slice(0, 34) + '…';
      const a = el('a', { href: url, title: url, target: '_blank', rel: 'noopener noreferrer' }, label);
      node.append(text.slice(at, m.index), a);
      at = re.lastIndex = m.index + url.length;
    }
    node.append(text.slice(at));
  }

  // show adds a message: role customer, agent, staff (a person on the
  // team) or system.
  function show(role, text, cls) {
    const n = el('div', { class: 'msg ' + (cls || (role === 'staff' ? 'team' : role)), 'data-testid': 'doorstep-message', 'data-role': role });
    rich(n, text);
    list.append(n);
    scroll();
    if ((role === 'agent' || role === 'staff') && ++replies >= 3 && conv && !conv.rated && !rating) rate();
    return n;
  }
  const note = (text) => show('system', text, 'note');

  // rate shows "How did we do?" once; a star posts the score.
  function rate() {
    rating = el('div', { class: 'rate', 'data-testid': 'doorstep-csat' }, 'How did we do?');
    const stars = [1, 2, 3, 4, 5].map((s) => {
      const b = el('button', { type: 'button', 'aria-label': `Rate ${s} out of 5` }, '★');
      b.onmouseenter = b.onfocus = () => stars.forEach((x, i) => x.classList.toggle('on', i < s));
      b.onclick = async () => {
        try {
          await call('POST', convPath(conv, '/csat'), { score: s, comment: '' }, conv.token);
          conv.rated = true;
          save(conv);
          rating.replaceChildren('Thanks for your feedback!');
        } catch (_) { rating.replaceChildren(T.failed); }
      };
      return b;
    });
    rating.onmouseleave = () => stars.forEach((x) => x.classList.remove('on'));
    rating.append(el('br'), ...stars);
    list.append(rating);
    scroll();
  }

  // ---- the conversation --------------------------------------------------
  const roleOf = (m) => (m.role === 'customer' || m.role === 'staff' ? m.role : 'agent');

  // replay shows a transcript; the team's replies the customer has not seen
  // yet (they came while they were away) after a note saying so.
  function replay(t, seenBefore) {
    t.messages.forEach((m, i) => {
      if (i === seenBefore && t.messages.slice(i).some((x) => x.role === 'staff')) note(T.away);
      const n = show(roleOf(m), m.photos?.length ? unnoted(m.text) : m.text);
      (m.photos || []).forEach((id) => picture(n, fetchPhoto(conv, id), ''));
    });
    seen = t.messages.length;
    conv.seen = seen;
    conv.rated = conv.rated || !!t.csat;
    save(conv);
    setStatus(t.status);
  }

  // connect resumes this browser's conversation, transcript and all, or
  // starts one. One whose token expired (or is refused) is offered back
  // after an order-and-email check; one that is gone (404) is forgotten.
  async function connect() {
    const old = load();
    if (old && old.id && !expired(old)) {
      try {
        const t = await call('GET', convPath(old), null, old.token);
        conv = old;
        replay(t, old.seen == null ? t.messages.length : old.seen);
        return conv;
      } catch (e) {
        if (e.status !== 401 && e.status !== 404) throw e;
        if (e.status === 401) offer(old.id);
        save(null);
      }
    } else if (old && old.id) {
      offer(old.id);
      save(null);
    }
    const body = { shop };
    if (attr('customer-token')) body.customer_token = attr('customer-token');
    const r = await call('POST', '/v1/conversations', body);
    save(conv = { id: r.conversation_id, token: r.token, exp: r.expires_at, seen: 0 });
    return conv;
  }

  // offer asks for the order number and email to continue the expired
  // conversation id; a match continues it here, transcript and all.
  function offer(id) {
    const box = el('form', { class: 'resume', 'data-testid': 'doorstep-resume' });
    const order = el('input', { name: 'order', placeholder: 'Order number, e.g. #1001', 'aria-label': 'Order number', required: '', maxlength: 40 });
    const email = el('input', { name: 'email', type: 'email', placeholder: 'Email', 'aria-label': 'Email', required: '', maxlength: 254 });
    const go = el('button', { type: 'submit' }, 'Continue my chat');
    const no = el('button', { type: 'button', class: 'no' }, 'No thanks, start a new chat');
    const err = el('div', { class: 'err', role: 'alert' });
    box.append(el('div', {}, T.expired), order, email, err, go, no);
    no.onclick = () => box.remove();
    box.onsubmit = async (e) => {
      e.preventDefault();
      go.disabled = true;
      try {
        const r = await call('POST', '/v1/conversations', { shop, email: email.value.trim(), order_number: order.value.trim(), conversation_id: id });
        if (!r.verified) { err.textContent = T.nomatch; return; }
        box.remove();
        conv = { id: r.conversation_id, token: r.token, exp: r.expires_at, seen: 0 };
        starting = Promise.resolve(conv);
        if (!r.resumed) { save(conv); seen = 0; note(T.fresh); return; }
        const t = await call('GET', convPath(conv), null, conv.token);
        [...list.querySelectorAll('[data-testid="doorstep-message"]:not(.hello), .rate')].forEach((n) => n.remove());
        replies = 0;
        note(T.back);
        replay(t, 0);
      } catch (e2) {
        err.textContent = e2.status === 429 ? 'Too many tries. Please wait a few minutes.' : T.failed;
      } finally { go.disabled = false; }
    };
    list.append(box);
    scroll();
  }
  const ready = () => starting || (starting = connect().catch((e) => { starting = null; throw e; }));

  // setStatus tells of a handover once and, while it lasts, fetches the
  // team's replies every 8 seconds.
  function setStatus(s, quiet) {
    status = s;
    if (s === 'handover' && quiet && !told) { told = true; note(T.handover); }
    clearInterval(poller);
    if (s === 'handover') poller = setInterval(poll, 8000);
  }
  // follow fetches, for a while after each reply, the messages that come
  // after it (a thank-you's codes, written once the reply is saved): every
  // 3 seconds for half a minute, while the chat is open. A handover polls
  // on its own.
  function follow() {
    clearInterval(follower);
    follows = 0;
    if (status === 'handover') return;
    follower = setInterval(() => {
      if (++follows > 10 || status === 'handover') { clearInterval(follower); return; }
      poll();
    }, 3000);
  }
  async function poll() {
    if (panel.hidden || busy || !conv) return;
    try {
      const t = await call('GET', convPath(conv), null, conv.token);
      if (busy) return; // a message went meanwhile: its reply counts them
      t.messages.slice(seen).forEach((m) => { if (m.role !== 'customer') { told = false; show(roleOf(m), m.text); } });
      seen = conv.seen = t.messages.length;
      save(conv);
      if (t.status !== status) setStatus(t.status);
    } catch (_) { /* next time */ }
  }

  const say = async (text) => {
    const c = await ready();
    return call('POST', convPath(c, '/messages'), { text }, c.token);
  };

  async function submit() {
    const text = input.value.trim();
    if (!text || busy) return;
    busy = send.disabled = true;
    input.value = '';
    grow();
    const mine = show('customer', text);
    const dots = el('div', { class: 'dots', 'data-testid': 'doorstep-typing', 'aria-label': 'Typing' });
    dots.append(el('i'), el('i'), el('i'));
    list.append(dots);
    scroll();
    try {
      let r;
      try {
        r = await say(text);
      } catch (e) {
        if (e.status !== 401 && e.status !== 404) throw e;
        if (e.status === 401 && conv) offer(conv.id); // expired mid-chat: offer it back,
        save(null); // and start a new conversation, once
        starting = null;
        seen = 0;
        r = await say(text);
      }
      seen += r.reply ? 2 : 1;
      conv.seen = seen;
      save(conv);
      if (r.reply) { told = false; show('agent', r.reply.text); }
      setStatus(r.status, !r.reply);
      follow();
    } catch (e) {
      mine.remove(); // not sent: hand the text back to try again
      if (!input.value) { input.value = text; grow(); }
      note(e.status === 429 ? T.slow : e.status === 413 ? T.long : T.failed);
    } finally {
      dots.remove();
      busy = send.disabled = false;
      input.focus();
    }
  }

  // ---- photos ------------------------------------------------------------
  // unnoted is a message's text without the "[Photo attached: …]" note the
  // server adds for the agent: the picture itself shows here.
  const unnoted = (text) => String(text || '').replace(/\[Photos? attached: [^\]\n]*\]/g, '').trim();
  // picture puts an image (a promise of its URL) at the top of a message
  // bubble, with a name to show while (or if) the browser cannot draw it.
  function picture(node, src, name) {
    const img = el('img', { class: 'pic', alt: name || 'Your photo', 'data-testid': 'doorstep-photo' });
    node.prepend(img);
    Promise.resolve(src).then((u) => { img.src = u; }, () => img.remove());
    img.onerror = () => { if (name) img.replaceWith(el('span', {}, '📷 ' + name)); else img.remove(); };
    img.onload = scroll;
    return img;
  }
  async function fetchPhoto(c, id) {
    const res = await fetch(api + convPath(c, '/photos/' + encodeURIComponent(id)), { headers: { Authorization: 'Bearer ' + c.token } });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    return URL.createObjectURL(await res.blob());
  }
  // shrink makes a large photo the browser can decode a JPEG of at most
  // 2048 pixels a side: phone photos are many megabytes, and the person
  // looking at a cracked mug does not need them all. Anything else goes
  // as it is (HEIC, where the browser cannot draw it): the server decides.
  async function shrink(f) {
    if (f.size < 1.5e6 || !window.createImageBitmap) return f;
    try {
      const bmp = await createImageBitmap(f);
      const k = Math.min(1, 2048 / Math.max(bmp.width, bmp.height));
      const cv = el('canvas');
      cv.width = Math.round(bmp.width * k);
      cv.height = Math.round(bmp.height * k);
      cv.getContext('2d').drawImage(bmp, 0, 0, cv.width, cv.height);
      const out = await new Promise((ok) => cv.toBlob(ok, 'image/jpeg', 0.85));
      return out && out.size < f.size ? out : f;
    } catch (_) { return f; }
  }
  async function sendPhoto(f) {
    const body = await shrink(f);
    const name = body === f ? f.name || 'photo' : (f.name || 'photo').replace(/\.[^.]*$/, '') + '.jpg';
    const up = async () => {
      const c = await ready();
      const res = await fetch(api + convPath(c, '/photos?name=' + encodeURIComponent(name)), {
        method: 'POST', headers: { Authorization: 'Bearer ' + c.token, 'Content-Type': body.type || 'application/octet-stream' }, body });
      const out = await res.json().catch(() => ({}));
      if (!res.ok) throw Object.assign(new Error('HTTP ' + res.status), { status: res.status });
      return out;
    };
    return up().catch((e) => {
      if (e.status !== 401 && e.status !== 404) throw e;
      save(null); // expired mid-chat: start a new conversation, once
      starting = null;
      seen = 0;
      return up();
    });
  }
  async function attachPhoto(f) {
    if (!f || busy) return;
    busy = send.disabled = attach.disabled = true;
    const local = URL.createObjectURL(f);
    const mine = show('customer', '');
    mine.setAttribute('data-photo', '');
    picture(mine, local, f.name);
    const dots = el('div', { class: 'dots', 'data-testid': 'doorstep-typing', 'aria-label': 'Typing' });
    dots.append(el('i'), el('i'), el('i'));
    list.append(dots);
    scroll();
    try {
      const r = await sendPhoto(f);
      seen += r.reply ? 2 : 1;
      if (r.reply) { told = false; show('agent', r.reply.text); }
      setStatus(r.status, !r.reply);
    } catch (e) {
      mine.remove(); // not kept: the photo is still on their device to try again
      URL.revokeObjectURL(local);
      note({ 415: T.notPhoto, 413: T.bigPhoto, 409: T.manyPhotos, 429: T.slow }[e.status] || T.failed);
    } finally {
      dots.remove();
      busy = send.disabled = attach.disabled = false;
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
    launcher.setAttribute('aria-expanded', open);
    launcher.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
    launcher.innerHTML = open ? ICON_X : ICON_CHAT;
    if (!open) return launcher.focus();
    input.focus();
    if (!list.firstChild) {
      show('system', T.hello, 'hello');
      ready().catch(() => note("We couldn't reach the chat just now. Send a message to try again."));
    }
  }
  launcher.innerHTML = ICON_CHAT;
  launcher.onclick = () => toggle(panel.hidden);
  close.onclick = () => toggle(false);
  panel.onkeydown = (e) => { if (e.key === 'Escape') toggle(false); };
  form.onsubmit = (e) => { e.preventDefault(); submit(); };
  input.onkeydown = (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
  };
  input.oninput = grow;
  attach.onclick = () => file.click();
  file.onchange = () => { const f = file.files && file.files[0]; file.value = ''; attachPhoto(f); };

  // "Report a problem" on the tracking page links here with
  // ?doorstep_order=#1003: open the chat with the order named, for the
  // customer to say what's wrong (the agent still checks who they are).
  const reported = (() => { try { return new URL(location.href).searchParams.get('doorstep_order') || ''; } catch (_) { return ''; } })();
  // unread puts a dot on the launcher when the team replied since the
  // customer last looked (a conversation kept from an earlier visit).
  async function unread() {
    const c = load();
    if (!c || !c.id || expired(c) || c.seen == null) return;
    try {
      const t = await call('GET', convPath(c), null, c.token);
      if (panel.hidden && t.messages.slice(c.seen).some((m) => m.role === 'staff')) {
        launcher.append(el('span', { class: 'dot', 'data-testid': 'doorstep-unread', 'aria-hidden': 'true' }));
        launcher.setAttribute('aria-label', 'Open chat: our team replied');
      }
    } catch (_) { /* shown when opened */ }
  }
  const mount = () => {
    document.body.append(host);
    unread();
    if (/^#?[A-Za-z0-9-]{1,30}$/.test(reported)) {
      toggle(true);
      input.value = `I have a problem with my order ${reported.startsWith('#') ? reported : '#' + reported}: `;
      grow();
    }
  };
  document.body ? mount() : document.addEventListener('DOMContentLoaded', mount);
})();
