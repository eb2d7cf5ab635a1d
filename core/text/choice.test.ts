import { describe, expect, it } from 'vitest';
import { type Choice, recognizeChoice } from './choice.js';

type Symptom = 'fever' | 'cough' | 'breath' | 'none';

const symptoms: ReadonlyArray<Choice<Symptom>> = [
  { value: 'fever', labels: ['Sốt', 'sốt cao'] },
  { value: 'cough', labels: ['Ho', 'ho khan'] },
  { value: 'breath', labels: ['Khó thở'] },
  { value: 'none', labels: ['Không có triệu chứng', 'không có'] },
];

type Place = 'home' | 'hospital' | 'health_station';

const places: ReadonlyArray<Choice<Place>> = [
  { value: 'home', labels: ['Ở nhà'] },
  { value: 'hospital', labels: ['Bệnh viện huyện', 'bệnh viện'] },
  { value: 'health_station', labels: ['Trạm y tế xã', 'trạm y tế'] },
];

type Dose = 'zero' | 'one' | 'two';

const doses: ReadonlyArray<Choice<Dose>> = [
  { value: 'zero', labels: ['Chưa tiêm', '0 mũi'] },
  { value: 'one', labels: ['1 mũi'] },
  { value: 'two', labels: ['2 mũi'] },
];

describe('recognizeChoice', () => {
  const symptomCases: ReadonlyArray<{ description: string; input: string; expected: Symptom | undefined }> = [
    { description: 'number', input: '1', expected: 'fever' },
    { description: 'number with a dot', input: '2.', expected: 'cough' },
    { description: 'number with a bracket', input: '3)', expected: 'breath' },
    { description: '"so" and a number', input: 'so 4', expected: 'none' },
    { description: '"số" and a number with diacritics', input: 'Số 1', expected: 'fever' },
    { description: '"chọn" and a number', input: 'chọn 2', expected: 'cough' },
    { description: 'number glued to "so"', input: 'so3', expected: 'breath' },
    { description: 'number with spaces around', input: '   2  ', expected: 'cough' },
    { description: 'number out of range', input: '5', expected: undefined },
    { description: 'number zero', input: '0', expected: undefined },
    { description: 'exact label with diacritics', input: 'Sốt', expected: 'fever' },
    { description: 'exact label folded and upper case', input: 'KHO THO', expected: 'breath' },
    { description: 'exact two-letter label', input: 'ho', expected: 'cough' },
    { description: 'exact second label', input: 'ho khan', expected: 'cough' },
    { description: 'exact label with punctuation', input: 'khó thở!', expected: 'breath' },
    { description: 'unique prefix', input: 'kho t', expected: 'breath' },
    { description: 'prefix of a longer label', input: 'khong co trieu', expected: 'none' },
    { description: 'label inside a sentence', input: 'toi bi ho nhieu lam', expected: 'cough' },
    { description: 'longer label wins over the one inside it', input: 'da khong co trieu chung gi', expected: 'none' },
    { description: 'label inside a sentence with diacritics', input: 'Bà bị sốt cao từ tối qua', expected: 'fever' },
    { description: 'two options named', input: 'sot va ho', expected: undefined },
    { description: 'two-letter prefix is too short', input: 'kh', expected: undefined },
    { description: 'prefix shared by two options', input: 'kho', expected: undefined },
    { description: 'a label only as part of a word', input: 'hoa', expected: undefined },
    { description: 'unrelated text', input: 'toi khoe', expected: undefined },
    { description: 'two numbers', input: '1 2', expected: undefined },
    { description: 'empty string', input: '', expected: undefined },
    { description: 'only punctuation', input: '...', expected: undefined },
    { description: 'emoji', input: '🤒', expected: undefined },
    { description: '5,000 characters', input: 'x'.repeat(5000), expected: undefined },
    { description: '5,000 characters naming two options', input: 'sot ho '.repeat(715), expected: undefined },
  ];

  it.each(symptomCases)('$description', ({ input, expected }) => {
    expect(recognizeChoice(input, symptoms)).toBe(expected);
  });

  const placeCases: ReadonlyArray<{ description: string; input: string; expected: Place | undefined }> = [
    { description: 'label without diacritics', input: 'o nha', expected: 'home' },
    { description: 'shorter label of the same option', input: 'benh vien', expected: 'hospital' },
    { description: 'prefix of a multi-word label', input: 'tram y', expected: 'health_station' },
    { description: 'whole words inside a sentence', input: 'dang nam o benh vien huyen a', expected: 'hospital' },
    { description: 'two places', input: 'o nha roi den tram y te', expected: undefined },
  ];

  it.each(placeCases)('$description', ({ input, expected }) => {
    expect(recognizeChoice(input, places)).toBe(expected);
  });

  const doseCases: ReadonlyArray<{ description: string; input: string; expected: Dose | undefined }> = [
    { description: 'a position number comes before a label', input: '1', expected: 'zero' },
    { description: 'a label that starts with a digit', input: '2 mũi', expected: 'two' },
    { description: 'a label starting with 0, which is no position', input: '0 mui', expected: 'zero' },
    { description: 'label with typed diacritics', input: 'chưa tiêm', expected: 'zero' },
  ];

  it.each(doseCases)('$description', ({ input, expected }) => {
    expect(recognizeChoice(input, doses)).toBe(expected);
  });

  it('returns undefined when there are no choices', () => {
    expect(recognizeChoice('1', [])).toBeUndefined();
  });

  it('returns undefined when one label belongs to two options', () => {
    const clash: ReadonlyArray<Choice<'a' | 'b'>> = [
      { value: 'a', labels: ['có'] },
      { value: 'b', labels: ['co'] },
    ];
    expect(recognizeChoice('co', clash)).toBeUndefined();
  });
});
