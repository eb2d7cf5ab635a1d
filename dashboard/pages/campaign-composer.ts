import { SUPPORTED_LOCALES } from '../../core/config/env.js';
import { cohortSources } from '../../core/db/cohort-sources.js';
import { CAMPAIGN_KINDS } from '../../core/db/schema.js';
import type { PageContext } from '../console-page.js';
import { type Html, html } from '../html.js';

// Given as a value: braces inside a text would be taken for one of i18next's own placeholders.
const PLACEHOLDER_EXAMPLE = { placeholder: '{{name}}' };

/** Audiences an official may pick; "everyone" only for those who speak for the whole province. */
export function audienceTypes(ctx: PageContext): string[] {
  const everyone = ctx.user.role === 'admin' || ctx.user.role === 'province';
  return ['wards', 'phones', 'csv', 'cohort', ...(everyone ? ['everyone'] : [])];
}

/** The composer form: kind, text per language with its live SMS counter, audience, schedule, urgency, approval. */
export function composerForm(ctx: PageContext): Html {
  const { t } = ctx;
  const radio = (name: string, value: string, label: string, checked: boolean) =>
    html`<label class="inline"><input type="radio" name="${name}" value="${value}"${checked ? html` checked` : ''}>${label}</label>`;
  const kinds = CAMPAIGN_KINDS.map((kind) => html`<option value="${kind}">${t(`campaigns.kind.${kind}`)}</option>`);
  const cohorts = [...cohortSources.keys()].map(
    (cohort) => html`<option value="${cohort}">${t(`campaigns.cohort.${cohort}`)}</option>`,
  );
  const texts = SUPPORTED_LOCALES.map(
    (locale) => html`<label>${t(`language.${locale}`)}
<textarea name="text-${locale}" data-locale="${locale}" maxlength="1000" rows="4"></textarea></label>
<p class="counter" id="counter-${locale}" aria-live="polite"></p>`,
  );
  const audiences = audienceTypes(ctx);
  return html`<form id="composer" class="card" hidden novalidate>
<h2>${t('campaigns.compose.title')}</h2>
<div class="grid">
<label>${t('campaigns.field.title')}<input name="title" required maxlength="200"></label>
<label>${t('campaigns.field.kind')}<select name="kind">${kinds}</select></label>
</div>
<fieldset><legend>${t('campaigns.compose.message')}</legend>
<p class="muted">${t('campaigns.compose.messageHint', PLACEHOLDER_EXAMPLE)}</p>
${texts}
<details id="preview"><summary>${t('campaigns.preview.title')}</summary><div id="preview-body" class="grid"></div></details>
</fieldset>
<fieldset><legend>${t('campaigns.compose.audience')}</legend>
<div class="row">${audiences.map((type, index) => radio('audience', type, t(`campaigns.audience.${type}`), index === 0))}</div>
<div data-audience="wards"><label>${t('campaigns.audience.wardCodes')}<input name="wards" placeholder="25993, 26002" inputmode="numeric"></label></div>
<div data-audience="phones" hidden><label>${t('campaigns.audience.phoneList')}<textarea name="phones" rows="5" placeholder="0912345678"></textarea></label></div>
<div data-audience="csv" hidden><label>${t('campaigns.audience.csvFile')}<input type="file" name="csv" accept=".csv,text/csv"></label>
<p class="muted">${t('campaigns.audience.csvHint', PLACEHOLDER_EXAMPLE)}</p><p id="csv-status" class="muted" aria-live="polite"></p></div>
<div data-audience="cohort" hidden><div class="grid">
<label>${t('campaigns.audience.cohort')}<select name="cohort">${cohorts}</select></label>
<label>${t('campaigns.audience.cohortRef')}<input name="ref" maxlength="100"></label></div></div>
<div data-audience="everyone" hidden><p class="muted">${t('campaigns.audience.everyoneHint')}</p></div>
</fieldset>
<fieldset><legend>${t('campaigns.compose.schedule')}</legend>
<div class="row">${radio('when', 'now', t('campaigns.compose.now'), true)}${radio('when', 'later', t('campaigns.compose.later'), false)}
<input type="datetime-local" name="sendAfter" aria-label="${t('campaigns.compose.sendAfter')}" disabled></div>
<label class="inline"><input type="checkbox" name="urgent">${t('campaigns.compose.urgent')}</label>
<label class="inline"><input type="checkbox" name="requiresApproval">${t('campaigns.compose.requiresApproval')}</label>
</fieldset>
<p id="composer-error" class="error" role="alert" hidden></p>
<div class="row"><button type="submit">${t('campaigns.compose.submit')}</button>
<button type="button" class="secondary" id="composer-cancel">${t('common.cancel')}</button></div>
</form>`;
}
