import { describe, expect, it } from 'vitest';
import { recognizeMultiChoice } from './multi-choice.js';

const options = [
  { value: 'rice', words: ['gao', 'rice'] },
  { value: 'noodles', words: ['mi', 'mi goi', 'mi tom', 'noodles', 'instant noodles'] },
  { value: 'milk', words: ['sua', 'milk'] },
  { value: 'oil', words: ['dau an', 'dau', 'cooking oil', 'oil'] },
] as const;

describe('recognizeMultiChoice', () => {
  const cases = [
    { description: 'numbers with spaces', input: '1 3', values: ['rice', 'milk'] },
    { description: 'numbers with commas', input: '3,1', values: ['rice', 'milk'] },
    { description: 'digits typed together', input: '134', values: ['rice', 'milk', 'oil'] },
    { description: 'words with diacritics', input: 'Gạo, sữa', values: ['rice', 'milk'] },
    { description: 'words without separators', input: 'mi goi dau an', values: ['noodles', 'oil'] },
    { description: '"và" between picks', input: 'gạo và mì tôm', values: ['rice', 'noodles'] },
    { description: 'English', input: 'rice and instant noodles', values: ['rice', 'noodles'] },
    { description: 'numbers and words mixed', input: '1 + sữa', values: ['rice', 'milk'] },
    { description: 'a pick twice counts once', input: '1 gao 1', values: ['rice'] },
    { description: 'a trailing full stop', input: '2.', values: ['noodles'] },
  ];

  it.each(cases)('$description', ({ input, values }) => {
    expect(recognizeMultiChoice(input, options)).toEqual({ ok: true, values });
  });

  const unknown = [
    { description: 'an unknown word', input: 'gao, xang', unknown: 'xang' },
    { description: 'a number past the list', input: '1 9', unknown: '9' },
    { description: 'digits of which one is past the list', input: '15', unknown: '15' },
    { description: 'nothing at all', input: ' , ', unknown: '' },
  ];

  it.each(unknown)('names $description', ({ input, unknown: word }) => {
    expect(recognizeMultiChoice(input, options)).toEqual({ ok: false, unknown: word });
  });
});
