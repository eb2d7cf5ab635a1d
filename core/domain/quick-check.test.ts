import { describe, expect, it } from 'vitest';
import { parseQuickCheck } from './quick-check.js';

describe('one-message daily check', () => {
  it.each([
    { description: 'dot decimal', input: '37.8 96', reading: { temperature: 37.8, spo2: 96 } },
    { description: 'comma decimal', input: '37,8 96', reading: { temperature: 37.8, spo2: 96 } },
    { description: 'whole degrees and extra spaces', input: ' 38   93 ', reading: { temperature: 38, spo2: 93 } },
    { description: 'one number only', input: '37.8', reading: undefined },
    { description: 'words', input: 'abc 96', reading: undefined },
    { description: 'room temperature', input: '25 96', reading: undefined },
    { description: 'SpO2 above 100', input: '37 101', reading: undefined },
    { description: 'SpO2 with a decimal', input: '37 95.5', reading: undefined },
    { description: 'swapped order', input: '96 37.8', reading: undefined },
  ])('$description', ({ input, reading }) => {
    expect(parseQuickCheck(input)).toEqual(reading);
  });
});
