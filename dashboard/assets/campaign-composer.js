// The composer: a text per language with a live SMS counter and per-channel preview (the server's
// POST /api/v1/campaigns/preview is the authority: it folds diacritics the way the SMS gateway will), an audience
// (wards, a phone list, a CSV read in the browser, a cohort, everyone), schedule, urgency and approval.
import { api, byId, debounce, el, formatNumber, notify, pageData, t, user } from './console.js';

const form = byId('composer');
const error = byId('composer-error');
const locales = [...form.querySelectorAll('textarea[data-locale]')].map((area) => area.dataset.locale);
let csvText;
// Answers to earlier keystrokes may arrive after later ones; only the newest question's answer is shown.
let previewAsked = 0;

const textOf = (lang) => form.elements[`text-${lang}`].value.trim();
const texts = () => Object.fromEntries(locales.filter((lang) => textOf(lang)).map((lang) => [lang, textOf(lang)]));

// Between keystrokes the count is the plain length; the server's answer (a few hundred ms later) adds encoding,
// segments and cost as the carrier will bill them.
function countLocally() {
  for (const lang of locales) {
    const length = [...textOf(lang)].length;
    byId(`counter-${lang}`).textContent = length ? t('campaigns.counter.typing', { characters: length }) : '';
  }
}

const preview = debounce(async () => {
  const text = texts();
  if (Object.keys(text).length === 0) {
    byId('preview-body').replaceChildren();
    return;
  }
  const asked = ++previewAsked;
  let body;
  try {
    body = await api('POST', '/api/v1/campaigns/preview', { message: { text } });
  } catch (failure) {
    if (asked === previewAsked) byId('preview-body').replaceChildren(el('p', { class: 'error' }, failure.message));
    return;
  }
  if (asked !== previewAsked) return;
  for (const sample of body.samples) showSample(sample, body.currency, Boolean(text[sample.locale]));
  byId('preview-body').replaceChildren(...body.samples.map((sample) => previewCard(sample)));
}, 300);

function showSample(sample, currency, ownText) {
  const counter = byId(`counter-${sample.locale}`);
  if (!ownText) {
    counter.textContent = t('campaigns.counter.fallback');
    return;
  }
  const sms = sample.sms;
  const parts = [
    t('campaigns.counter.sms', {
      characters: sms.characters,
      segments: sms.segments,
      encoding: t(`campaigns.encoding.${sms.encoding}`),
    }),
    sms.cost !== undefined && t('campaigns.counter.cost', { cost: formatNumber(sms.cost), currency }),
    sample.missing.length > 0 && t('campaigns.counter.missing', { names: sample.missing.join(', ') }),
  ];
  counter.textContent = parts.filter(Boolean).join(' · ');
  counter.classList.toggle('warn', sms.segments > 1 || sample.missing.length > 0);
}

function previewCard(sample) {
  const channel = (name, text, detail) =>
    el('div', {}, el('h4', {}, `${t(`campaigns.channel.${name}`)} · ${detail}`), el('div', { class: 'preview' }, text));
  return el(
    'div',
    {},
    el('h3', {}, t(`language.${sample.locale}`)),
    channel('sms', sample.sms.text, t('campaigns.preview.segments', { count: sample.sms.segments })),
    channel('zalo', sample.zalo.text, t('campaigns.preview.parts', { count: sample.zalo.parts })),
    channel('telegram', sample.telegram.text, t('campaigns.preview.parts', { count: sample.telegram.parts })),
  );
}

function audienceType() {
  return form.elements.audience.value;
}

function showAudience() {
  for (const part of form.querySelectorAll('[data-audience]')) part.hidden = part.dataset.audience !== audienceType();
}

/** The audience as POST /api/v1/campaigns expects it, or throws a message for the official. */
function audience() {
  const type = audienceType();
  const fields = form.elements;
  if (type === 'wards') {
    const wards = fields.wards.value.split(/[\s,;]+/).filter(Boolean);
    if (wards.length === 0) throw new Error(t('campaigns.compose.needWards'));
    return { type, wards };
  }
  if (type === 'phones') {
    const phones = fields.phones.value
      .split(/[\n,;]+/)
      .map((phone) => phone.trim())
      .filter(Boolean);
    if (phones.length === 0) throw new Error(t('campaigns.compose.needPhones'));
    return { type, recipients: phones.map((phone) => ({ phone })) };
  }
  if (type === 'csv') {
    if (!csvText) throw new Error(t('campaigns.compose.needCsv'));
    return { type, csv: csvText };
  }
  if (type === 'cohort') {
    if (!fields.ref.value.trim()) throw new Error(t('campaigns.compose.needRef'));
    return { type, cohort: fields.cohort.value, ref: fields.ref.value.trim() };
  }
  return { type: 'everyone' };
}

async function readCsv(file) {
  const status = byId('csv-status');
  csvText = undefined;
  if (!file) {
    status.textContent = '';
    return;
  }
  const limit = pageData().csvMaxBytes;
  if (file.size > limit) {
    status.textContent = t('campaigns.compose.csvTooLarge', { size: Math.round(limit / 1048576) });
    status.className = 'error';
    return;
  }
  csvText = await file.text();
  const rows = csvText.split(/\r?\n/).filter((line) => line.trim()).length - 1;
  status.textContent = t('campaigns.compose.csvRead', { name: file.name, rows: formatNumber(Math.max(rows, 0)) });
  status.className = 'muted';
}

function body() {
  const fields = form.elements;
  const text = texts();
  if (!fields.title.value.trim()) throw new Error(t('campaigns.compose.needTitle'));
  if (Object.keys(text).length === 0) throw new Error(t('campaigns.compose.needText'));
  const later = fields.when.value === 'later';
  if (later && !fields.sendAfter.value) throw new Error(t('campaigns.compose.needTime'));
  return {
    kind: fields.kind.value,
    title: fields.title.value.trim(),
    message: { text },
    audience: audience(),
    urgent: fields.urgent.checked,
    requiresApproval: fields.requiresApproval.checked,
    createdBy: user.username,
    // datetime-local is the browser's local time; the API wants an instant.
    ...(later ? { sendAfter: new Date(fields.sendAfter.value).toISOString() } : {}),
  };
}

function createdMessage(result) {
  const rejected = result.rejected.map((row) => t('campaigns.compose.rejectedRow', row)).join('; ');
  const counts = { accepted: formatNumber(result.accepted), rejected: formatNumber(result.rejectedCount) };
  const uploaded = result.accepted > 0 || result.rejectedCount > 0;
  return [t('campaigns.compose.created'), uploaded && t('campaigns.compose.counts', counts), rejected]
    .filter(Boolean)
    .join(' ');
}

/** Wires the composer; onCreated(campaign) opens the new campaign. */
export function startComposer(onCreated) {
  form.addEventListener('input', (event) => {
    if (event.target.matches('textarea[data-locale]')) {
      countLocally();
      preview();
    }
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'audience') showAudience();
    if (event.target.name === 'when') form.elements.sendAfter.disabled = form.elements.when.value !== 'later';
    if (event.target.name === 'csv') readCsv(event.target.files[0]);
  });
  byId('composer-cancel').addEventListener('click', () => {
    window.location.hash = '';
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const submit = form.querySelector('button[type="submit"]');
    submit.disabled = true;
    try {
      const result = await api('POST', '/api/v1/campaigns', body());
      notify(createdMessage(result), result.rejectedCount > 0 ? 'warn' : 'info');
      form.reset();
      csvText = undefined;
      countLocally();
      showAudience();
      onCreated(result.campaign);
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
  showAudience();
}
