// The conversations inbox: citizens handed over to staff (open ones first, those waiting for an answer marked), one
// conversation's transcript with a reply box and a close button, kept live by GET /api/v1/conversations/events.
// The address's #fragment names the open conversation ("#c=<id>"), so the back button works.
import { api, byId, debounce, el, formatDate, listen, notify, pageData, t } from './console.js';
import { attemptIn } from './page-errors.js';

const { maxReply } = pageData();
const form = byId('reply-form');
const counter = byId('reply-counter');
/** The conversations known to the page, by id; the feed adds and updates them. */
const conversations = new Map();
let currentId;
let loaded = false;
/** Ids of the messages the transcript shows: the feed repeats what a reload already fetched. */
let shown = new Set();
// Answers to earlier keystrokes may arrive after later ones; only the newest question's answer is shown.
let previewAsked = 0;

const nameOf = (c) => c.displayName || c.address;
const channelOf = (c) => t(`inbox.channel.${c.channel}`);
const isOpen = (c) => c.status === 'open';
const textOf = () => form.elements.text.value.trim();

async function loadList() {
  const lists = await attemptIn('inbox', () =>
    Promise.all([
      api('GET', '/api/v1/conversations?status=open&limit=200'),
      api('GET', '/api/v1/conversations?status=closed&limit=50'),
    ]),
  );
  if (!lists) return;
  for (const body of lists)
    for (const conversation of body.conversations) conversations.set(conversation.id, conversation);
  loaded = true;
  renderList();
}

/** Open before closed, then the most recently active first. */
function byOpenThenRecent(a, b) {
  if (isOpen(a) !== isOpen(b)) return isOpen(a) ? -1 : 1;
  return b.lastMessageAt.localeCompare(a.lastMessageAt);
}

function statusBadge(c) {
  if (c.waitingForStaff && isOpen(c)) return el('span', { class: 'badge waiting' }, t('inbox.status.waiting'));
  return el('span', { class: 'badge' }, t(`inbox.status.${c.status}`));
}

function renderList() {
  if (!loaded) return;
  const container = byId('inbox-conversations');
  container.removeAttribute('aria-busy');
  const rows = [...conversations.values()].sort(byOpenThenRecent);
  if (rows.length === 0) {
    container.replaceChildren(el('p', { class: 'muted' }, t('inbox.list.empty')));
    return;
  }
  const item = (c) =>
    el(
      'li',
      { class: [c.waitingForStaff && isOpen(c) ? 'waiting' : '', isOpen(c) ? '' : 'closed'].join(' ').trim() },
      el(
        'a',
        { href: `#c=${c.id}`, 'data-id': c.id, 'aria-current': c.id === currentId ? 'true' : undefined },
        el('span', { class: 'who' }, nameOf(c)),
        statusBadge(c),
        el(
          'span',
          { class: 'muted facts' },
          [channelOf(c), t('inbox.ward', { ward: c.wardCode }), formatDate(c.lastMessageAt)].join(' · '),
        ),
      ),
    );
  container.replaceChildren(el('ul', { class: 'conversation-list' }, ...rows.map(item)));
}

function renderHead(c) {
  byId('thread-title').textContent = nameOf(c);
  byId('thread-meta').replaceChildren(
    statusBadge(c),
    ' ',
    [
      channelOf(c),
      c.address,
      t('inbox.ward', { ward: c.wardCode }),
      t('inbox.openedAt', { at: formatDate(c.openedAt) }),
    ]
      .filter(Boolean)
      .join(' · '),
  );
  form.hidden = !isOpen(c);
  byId('thread-closed').hidden = isOpen(c);
}

/** Adds one transcript line in time order (a live message may overtake a reload). */
function addMessage(message) {
  if (shown.has(message.id)) return;
  shown.add(message.id);
  const who =
    message.author === 'staff' ? message.staffName || t('inbox.author.staff') : t(`inbox.author.${message.author}`);
  const line = el(
    'li',
    { class: `message ${message.author}`, 'data-at': message.at },
    el(
      'div',
      { class: 'message-head' },
      el('b', {}, who),
      ' ',
      el('time', { datetime: message.at }, formatDate(message.at)),
    ),
    el('div', { class: 'message-text' }, message.text),
  );
  const list = byId('thread-messages');
  const later = [...list.children].find((node) => node.dataset.at > message.at);
  list.insertBefore(line, later ?? null);
  line.scrollIntoView({ block: 'nearest' });
}

async function showConversation(id) {
  const body = await attemptIn('inbox', () => api('GET', `/api/v1/conversations/${id}`));
  // The official may have moved on while this loaded.
  if (!body || currentId !== id) return;
  conversations.set(id, body.conversation);
  renderHead(body.conversation);
  shown = new Set();
  byId('thread-messages').replaceChildren();
  for (const message of body.messages) addMessage(message);
  renderList();
}

function route() {
  currentId = /^c=([0-9a-f-]{36})$/.exec(window.location.hash.slice(1))?.[1];
  byId('inbox-thread').hidden = !currentId;
  document.querySelector('.inbox')?.classList.toggle('reading', Boolean(currentId));
  form.reset();
  counter.textContent = '';
  renderList();
  if (currentId) showConversation(currentId);
}

// The count as typed; for an SMS citizen the server's preview then says how many SMS it makes once folded to GSM-7,
// as the carrier will bill it (the same rendering the reply goes through).
function countReply() {
  const text = textOf();
  const characters = [...text].length;
  counter.textContent = characters ? t('inbox.reply.characters', { characters, max: maxReply }) : '';
  counter.classList.toggle('warn', characters > maxReply);
  if (conversations.get(currentId)?.channel === 'sms' && characters > 0 && characters <= maxReply) smsCount(text);
}

const smsCount = debounce(async (text) => {
  const asked = ++previewAsked;
  let body;
  try {
    body = await api('POST', '/api/v1/campaigns/preview', {
      message: { text: { vi: text } },
      samples: [{ locale: 'vi' }],
    });
  } catch {
    return; // the plain count stays; sending will say what is wrong
  }
  if (asked !== previewAsked || text !== textOf()) return;
  const { sms } = body.samples[0];
  counter.textContent = t('inbox.reply.sms', {
    characters: sms.characters,
    segments: sms.segments,
    encoding: t(`campaigns.encoding.${sms.encoding}`),
  });
  counter.classList.toggle('warn', sms.segments > 1);
}, 300);

form.elements.text.addEventListener('input', countReply);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = textOf();
  if (!text || [...text].length > maxReply) {
    notify(t('inbox.reply.invalid', { max: maxReply }), 'error');
    return;
  }
  const id = currentId;
  const send = form.querySelector('button[type="submit"]');
  send.disabled = true;
  const sent = await attemptIn('inbox', () => api('POST', `/api/v1/conversations/${id}/replies`, { text }));
  send.disabled = false;
  if (!sent) return;
  form.reset();
  counter.textContent = '';
  notify(t('inbox.reply.sent'));
  showConversation(id);
});

byId('close-conversation').addEventListener('click', async () => {
  if (!window.confirm(t('inbox.thread.confirmClose'))) return;
  const id = currentId;
  const body = await attemptIn('inbox', () => api('POST', `/api/v1/conversations/${id}/close`));
  if (!body) return;
  conversations.set(id, body.conversation);
  notify(t('inbox.thread.closedNotice'));
  showConversation(id);
});

byId('thread-back').addEventListener('click', () => {
  window.location.hash = '';
});

listen('/api/v1/conversations/events', {
  ready: () => {
    byId('inbox-live').hidden = false;
  },
  conversation: ({ conversation }) => {
    conversations.set(conversation.id, conversation);
    renderList();
    if (conversation.id === currentId) renderHead(conversation);
  },
  message: ({ conversationId, message }) => {
    if (conversationId === currentId) addMessage(message);
  },
});
window.addEventListener('hashchange', route);
route();
loadList();
