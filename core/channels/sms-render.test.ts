import { describe, expect, it } from 'vitest';
import { renderSms, toGsm7 } from './sms-render.js';

describe('renderSms', () => {
  it('numbers the choices and folds Vietnamese to one GSM-7 segment', () => {
    const rendered = renderSms(
      {
        text: 'Bạn cần gì?',
        choices: [
          { value: 'a', label: 'Khai báo y tế' },
          { value: 'b', label: 'Đăng ký tiêm chủng' },
        ],
      },
      false,
    );
    expect(rendered).toEqual({
      text: 'Ban can gi?\n1. Khai bao y te  2. Dang ky tiem chung',
      encoding: 'gsm7',
      segments: 1,
    });
  });

  it('keeps diacritics as UCS-2 when unicode is allowed', () => {
    const rendered = renderSms({ text: 'Đã chuyển sang tiếng Việt.' }, true);
    expect(rendered.encoding).toBe('ucs2');
    expect(rendered.text).toBe('Đã chuyển sang tiếng Việt.');
  });

  it.each([
    { description: 'ellipsis and curly quotes', input: 'Nhập “có”…', expected: 'Nhap "co"...' },
    { description: 'emoji', input: 'Xin chào 👋', expected: 'Xin chao ?' },
    { description: 'GSM extension characters stay', input: 'a [b] {c} €', expected: 'a [b] {c} €' },
  ])('toGsm7: $description', ({ input, expected }) => {
    expect(toGsm7(input)).toBe(expected);
  });
});
