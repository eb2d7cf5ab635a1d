import { describe, expect, it } from 'vitest';
import { renderSms } from '../core/channels/sms-render.js';
import { SUPPORTED_LOCALES } from '../core/config/env.js';
import type { FlowDefinition } from '../core/dialogs/flow.js';
import { createTranslator } from '../core/i18n/translator.js';
import { declarationFlow } from './declaration.js';
import { entryDeclarationFlow } from './entry-declaration.js';
import { monitoringCheckFlow } from './monitoring-check.js';

const translator = createTranslator();
// Values as long as real ones get, so a prompt that only fits with short names is caught.
const SAMPLE = {
  summary: 'Nguyễn Thị Minh Khai, 1958, 123 Đường Trần Hưng Đạo',
  code: 'ABCD3467',
  level: 'trung bình (vàng)',
};

function smsTextsOf(flow: FlowDefinition, locale: (typeof SUPPORTED_LOCALES)[number]): { id: string; text: string }[] {
  const t = (key: string) => translator.t(locale, key, SAMPLE);
  return flow.steps.flatMap((step) => {
    if (step.kind === 'say') return [{ id: step.id, text: renderSms({ text: t(step.text) }, false).text }];
    if (step.kind !== 'ask') return [];
    const labels =
      step.answer.type === 'choice'
        ? step.answer.options.map((option) => t(option.label))
        : step.answer.type === 'yesNo'
          ? [t('common:yes'), t('common:no')]
          : [];
    const choices = labels.map((label, index) => ({ value: String(index), label }));
    return [{ id: step.id, text: renderSms({ text: t(step.prompt), choices }, false).text }];
  });
}

// Elderly people declare and report by SMS: every question and statement must be one GSM-7 segment.
describe.each(SUPPORTED_LOCALES)('SMS length of health flows in %s', (locale) => {
  it.each([declarationFlow, entryDeclarationFlow, monitoringCheckFlow].map((flow) => ({ flow, id: flow.id })))(
    '$id: every prompt is one GSM-7 SMS',
    ({ flow }) => {
      const tooLong = smsTextsOf(flow, locale).filter(({ text }) => text.length > 160 || /[^\x20-\x7e\n]/.test(text));
      expect(tooLong).toEqual([]);
    },
  );

  it('receipt and advice texts are one SMS each', () => {
    const keys = [
      'declaration:receipt',
      'declaration:advice.low',
      'declaration:advice.moderate',
      'declaration:advice.high',
    ];
    const keysOfMonitoring = [
      'monitoring:reminder',
      'monitoring:advice.none',
      'monitoring:advice.warning',
      'monitoring:advice.emergency',
      'monitoring:closing',
    ];
    for (const key of [...keys, ...keysOfMonitoring]) {
      expect(renderSms({ text: translator.t(locale, key, SAMPLE) }, false).segments, key).toBe(1);
    }
  });
});
