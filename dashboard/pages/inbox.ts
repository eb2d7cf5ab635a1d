import type { ConsolePage } from '../console-page.js';
import { html } from '../html.js';

// The reply limit of POST /api/v1/conversations/:id/replies (bots/http/conversation-routes.ts).
const MAX_REPLY = 1000;

/** Citizens handed to staff: the conversations of the officer's wards, one transcript, a reply box, close. */
export const inboxPage: ConsolePage = {
  slug: 'inbox',
  titleKey: 'pages.inbox',
  roles: ['admin', 'province', 'district', 'ward'],
  script: 'inbox.js',
  data: () => ({ maxReply: MAX_REPLY }),
  body: ({ t }) => html`<link rel="stylesheet" href="/console/assets/services.css">
<div class="inbox">
<section class="card inbox-list" aria-labelledby="inbox-list-title">
<div class="row"><h2 id="inbox-list-title">${t('inbox.list.title')}</h2><span id="inbox-live" class="badge" hidden>${t('inbox.list.live')}</span></div>
<div id="inbox-conversations" aria-busy="true" aria-live="polite">${t('common.loading')}</div>
</section>
<section id="inbox-thread" class="card inbox-thread" hidden aria-labelledby="thread-title">
<button type="button" class="link" id="thread-back">${t('inbox.thread.back')}</button>
<h2 id="thread-title"></h2>
<p id="thread-meta" class="muted"></p>
<ol id="thread-messages" class="transcript" aria-live="polite"></ol>
<form id="reply-form" novalidate>
<label>${t('inbox.reply.label')}<textarea name="text" maxlength="${MAX_REPLY}" required></textarea></label>
<p id="reply-counter" class="counter" aria-live="polite"></p>
<div class="row">
<button type="submit">${t('inbox.reply.send')}</button>
<button type="button" class="danger" id="close-conversation">${t('inbox.thread.close')}</button>
</div>
</form>
<p id="thread-closed" class="muted" hidden>${t('inbox.thread.closed')}</p>
</section>
</div>`,
};
