import { describe, expect, it } from 'vitest';
import { recognizeYesNo } from './yes-no.js';

describe('recognizeYesNo', () => {
  const yes = [
    'có',
    'co',
    'CÓ',
    'Co',
    'c',
    'C',
    'yes',
    'Y',
    '1',
    'ok',
    'OK',
    'oke',
    'okay',
    'đồng ý',
    'dong y',
    'Đồng Ý',
    'vâng',
    'vang',
    'ừ',
    'u',
    'uh',
    'rồi',
    'roi',
    'phải',
    'phai',
    'đúng',
    'dung',
    'có ạ',
    'co a',
    'vâng ạ',
    'vang a',
    'dạ có',
    'da co a',
    'có rồi',
    '  có   ạ  ',
    'có!',
    'Có.',
    'co!!!',
    '"có"',
    'đúng rồi',
  ];
  const no = [
    'không',
    'khong',
    'KHÔNG',
    'Khong',
    'ko',
    'KO',
    'k',
    'K',
    'kg',
    'hong',
    'no',
    'No',
    'n',
    '2',
    'chưa',
    'chua',
    'không có',
    'khong co',
    'ko co',
    'sai',
    'không ạ',
    'khong a',
    'dạ không',
    'chưa có ạ',
    'không phải',
    'ko.',
    ' k ',
    'khong!!',
  ];
  const neither = [
    { description: 'empty string', input: '' },
    { description: 'only spaces', input: '   ' },
    { description: 'only punctuation', input: '?!' },
    { description: 'a word that starts with co', input: 'cocacola' },
    { description: 'a word that starts with k', input: 'kem' },
    { description: 'a word containing khong', input: 'khongkhi' },
    { description: 'yes-or-no question back', input: 'có không' },
    { description: 'both answers', input: 'có, không' },
    { description: 'c and k together', input: 'c k' },
    { description: 'a sentence', input: 'tôi bị ho từ hôm qua' },
    { description: 'a sentence mentioning co', input: 'tôi có ho' },
    { description: 'another number', input: '3' },
    { description: 'a letter that is neither', input: 'x' },
    { description: 'politeness word alone', input: 'ạ' },
    { description: 'emoji', input: '👍' },
    { description: 'a name', input: 'Nguyễn Văn An' },
    { description: '5,000 characters', input: 'có '.repeat(1667) },
    { description: 'a long run of one yes word', input: 'c'.repeat(5000) },
  ];

  it.each(yes.map((input) => ({ description: `"${input}" is yes`, input })))('$description', ({ input }) => {
    expect(recognizeYesNo(input)).toBe(true);
  });

  it.each(no.map((input) => ({ description: `"${input}" is no`, input })))('$description', ({ input }) => {
    expect(recognizeYesNo(input)).toBe(false);
  });

  it.each(neither)('$description is not an answer', ({ input }) => {
    expect(recognizeYesNo(input)).toBeUndefined();
  });
});
