import { describe, expect, it } from 'vitest';
import { missingParams, renderCampaignMessage, type TemplateLookup } from './campaign-message.js';
import { parseCsv } from './csv.js';

describe('campaign messages', () => {
  const message = { text: { vi: 'Chào {{name}}, kết quả: {{result}}', en: 'Hello {{ name }}, result: {{result}}' } };
  const locales: Record<string, Record<string, string>> = {
    vi: { 'alerts:visit': 'Bạn đã ở {{venue}} lúc {{time}}.' },
    en: { 'alerts:visit': 'You were at {{venue}} at {{time}}.' },
  };
  const lookup: TemplateLookup = (locale, key) => locales[locale]?.[key];

  it('renders in the person’s language with their own values', () => {
    expect(renderCampaignMessage(message, 'vi', { name: 'Lan', result: 'âm tính' }, lookup)).toBe(
      'Chào Lan, kết quả: âm tính',
    );
    expect(renderCampaignMessage(message, 'en', { name: 'Lan', result: 'negative' }, lookup)).toBe(
      'Hello Lan, result: negative',
    );
  });

  it('falls back to the other language and reports unfilled placeholders', () => {
    expect(renderCampaignMessage({ text: { vi: 'Tiêm mũi 2' } }, 'en', {}, lookup)).toBe('Tiêm mũi 2');
    expect(missingParams(message, { name: 'Lan' }, lookup)).toEqual(['result']);
  });

  it('renders a locales key with the campaign’s params under the person’s own', () => {
    const keyed = { key: 'alerts:visit', params: { venue: 'Chợ Bến Thành', time: '09:00' } };
    expect(renderCampaignMessage(keyed, 'en', { time: '10:30' }, lookup)).toBe('You were at Chợ Bến Thành at 10:30.');
    expect(renderCampaignMessage(keyed, 'vi', {}, lookup)).toBe('Bạn đã ở Chợ Bến Thành lúc 09:00.');
    expect(missingParams({ key: 'alerts:visit' }, { venue: 'X' }, lookup)).toEqual(['time']);
  });
});

describe('parseCsv', () => {
  it.each([
    {
      description: 'plain',
      input: 'phone,name\n0912345678,Lan\n',
      expected: [
        ['phone', 'name'],
        ['0912345678', 'Lan'],
      ],
    },
    {
      description: 'quoted comma and quote',
      input: 'a,b\r\n"x, y","say ""hi"""',
      expected: [
        ['a', 'b'],
        ['x, y', 'say "hi"'],
      ],
    },
    { description: 'blank lines dropped', input: 'a\n\n b \n', expected: [['a'], [' b ']] },
  ])('$description', ({ input, expected }) => {
    expect(parseCsv(input)).toEqual(expected);
  });
});
