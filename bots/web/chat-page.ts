import type { Locale } from '../../core/config/env.js';
import type { Translator } from '../../core/i18n/translator.js';
import { escapeHtml } from '../../dashboard/html.js';

/** A self-contained chat page (no external assets) that talks to POST /channels/web/messages. */
export function renderChatPage(translator: Translator, locale: Locale): string {
  const t = (key: string) => escapeHtml(translator.t(locale, `web:${key}`));
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('title')}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f3f5f7; }
  main { max-width: 40rem; margin: 0 auto; padding: 1rem; display: flex; flex-direction: column; height: 100vh; box-sizing: border-box; }
  #log { flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: .5rem; padding: .5rem 0; }
  .msg { padding: .6rem .8rem; border-radius: .8rem; max-width: 85%; white-space: pre-wrap; }
  .user { align-self: flex-end; background: #0b6bcb; color: #fff; }
  .bot { align-self: flex-start; background: #fff; border: 1px solid #d6dbe1; }
  .choices { display: flex; flex-wrap: wrap; gap: .4rem; }
  .choices button { border: 1px solid #0b6bcb; background: #fff; color: #0b6bcb; border-radius: 1rem; padding: .3rem .8rem; cursor: pointer; }
  form { display: flex; gap: .5rem; }
  input { flex: 1; padding: .6rem; font-size: 1rem; }
  .error { color: #b00020; }
</style>
</head>
<body>
<main>
  <h1>${t('title')}</h1>
  <p>${t('intro')}</p>
  <div id="log" aria-live="polite"></div>
  <form id="form"><input id="text" autocomplete="off" placeholder="${t('placeholder')}" maxlength="2000" autofocus><button>${t('send')}</button></form>
</main>
<script>
const failedText = ${JSON.stringify(translator.t(locale, 'web:failed')).replaceAll('<', '\\u003c')};
const userId = localStorage.getItem('webUserId') || ('web-' + crypto.randomUUID());
localStorage.setItem('webUserId', userId);
const log = document.getElementById('log');
function add(text, who) {
  const div = document.createElement('div');
  div.className = 'msg ' + who;
  div.textContent = text;
  log.appendChild(div);
  log.scrollTop = log.scrollHeight;
  return div;
}
function show(reply) {
  const div = add(reply.text, 'bot');
  if (reply.image) {
    const img = document.createElement('img');
    img.src = reply.image.src;
    img.alt = reply.image.alt;
    img.width = 180;
    div.appendChild(img);
  }
  if (reply.choices) {
    const row = document.createElement('div');
    row.className = 'choices';
    for (const choice of reply.choices) {
      const button = document.createElement('button');
      button.textContent = choice.label;
      button.onclick = () => send(choice.label);
      row.appendChild(button);
    }
    div.appendChild(row);
  }
}
// What is said outside a turn (a staff officer's answer, a notice) waits in the mailbox; each is collected once.
async function collect() {
  try {
    const response = await fetch('/channels/web/messages?userId=' + encodeURIComponent(userId));
    if (response.ok) for (const message of (await response.json()).messages) show(message);
  } catch {
    // A lost poll is made up by the next one.
  }
}
setInterval(collect, 4000);
async function send(text) {
  add(text, 'user');
  try {
    const response = await fetch('/channels/web/messages', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, text, messageId: crypto.randomUUID() }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.message);
    for (const reply of body.replies) show(reply);
  } catch (error) {
    add(failedText + ' ' + (error.message || ''), 'bot error');
  }
}
document.getElementById('form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('text');
  const text = input.value.trim();
  if (text) send(text);
  input.value = '';
});
</script>
</body>
</html>`;
}
