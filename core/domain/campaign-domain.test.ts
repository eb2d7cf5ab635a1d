import { describe, expect, it } from 'vitest';
import { missingParams, renderCampaignMessage } from './campaign-message.js';
import { parseCsv } from './csv.js';

describe('campaign messages', () => {
  const message = { text: { vi: 'Chào {{name}}, kết quả: {{result}}', en: 'Hello {{ name }}, result: {{result}}' } };

  it('renders in the person’s language with their own values', () => {
    expect(renderCampaignMessage(message, 'vi', { name: 'Lan', result: 'âm tính' })).toBe('Chào Lan, kết quả: âm tính');
    expect(renderCampaignMessage(message, 'en', { name: 'Lan', result: 'negative' })).toBe(
      'Hello Lan, result: negative',
    );
  });

  it('falls back to the other language and reports unfilled placeholders', () => {
    expect(renderCampaignMessage({ text: { vi: 'Tiêm mũi 2' } }, 'en', {})).toBe('Tiêm mũi 2');
    expect(missingParams(message, { name: 'Lan' })).toEqual(['result']);
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
