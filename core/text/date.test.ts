import { describe, expect, it } from 'vitest';
import { recognizeDate } from './date.js';

const TODAY = '2024-03-15';

describe('recognizeDate', () => {
  const dates = [
    { description: 'dd/mm/yyyy', input: '12/03/2024', expected: '2024-03-12' },
    { description: 'd/m/yyyy', input: '2/3/2024', expected: '2024-03-02' },
    { description: 'dd-mm-yyyy', input: '12-03-2024', expected: '2024-03-12' },
    { description: 'dd.mm.yyyy', input: '12.03.2024', expected: '2024-03-12' },
    { description: 'dd/mm/yy is 20yy', input: '12/03/24', expected: '2024-03-12' },
    { description: 'dd/mm takes the year of today', input: '1/2', expected: '2024-02-01' },
    { description: 'yyyy-mm-dd', input: '2024-03-12', expected: '2024-03-12' },
    { description: 'birth date long ago', input: '05/11/1950', expected: '1950-11-05' },
    { description: 'leap day in a leap year', input: '29/02/2024', expected: '2024-02-29' },
    { description: 'leap day in 2000', input: '29/2/2000', expected: '2000-02-29' },
    { description: 'spaces around slashes', input: '12 / 3 / 2024', expected: '2024-03-12' },
    { description: 'with "ngày" in front', input: 'ngày 12/3', expected: '2024-03-12' },
    { description: 'with "từ ngày" in front', input: 'từ ngày 10/3/2024', expected: '2024-03-10' },
    { description: 'spoken form', input: '12 tháng 3 năm 2024', expected: '2024-03-12' },
    { description: 'spoken form without year', input: 'ngay 8 thang 3', expected: '2024-03-08' },
    { description: 'trailing punctuation', input: '12/3/2024.', expected: '2024-03-12' },
    { description: 'hom nay', input: 'hom nay', expected: TODAY },
    { description: 'hôm nay', input: 'Hôm nay', expected: TODAY },
    { description: 'today', input: 'TODAY', expected: TODAY },
    { description: 'ngày hôm nay', input: 'ngày hôm nay', expected: TODAY },
    { description: 'hom qua', input: 'hom qua', expected: '2024-03-14' },
    { description: 'hôm qua with polite ending', input: 'hôm qua ạ', expected: '2024-03-14' },
    { description: 'từ hôm qua', input: 'từ hôm qua', expected: '2024-03-14' },
    { description: 'yesterday', input: 'yesterday', expected: '2024-03-14' },
    { description: 'ngay mai', input: 'ngay mai', expected: '2024-03-16' },
    { description: 'ngày mai', input: 'NGÀY MAI', expected: '2024-03-16' },
    { description: 'tomorrow', input: 'tomorrow', expected: '2024-03-16' },
    { description: 'extra spaces', input: '  hom   qua  ', expected: '2024-03-14' },
  ];
  const notDates = [
    { description: 'empty string', input: '' },
    { description: '31 February', input: '31/02/2024' },
    { description: '29 February in a common year', input: '29/02/2023' },
    { description: '29 February 1900', input: '29/2/1900' },
    { description: 'month 13', input: '12/13/2024' },
    { description: 'day zero', input: '0/3/2024' },
    { description: 'month zero', input: '1/0/2024' },
    { description: 'impossible ISO date', input: '2024-02-30' },
    { description: 'mixed separators', input: '12/3-2024' },
    { description: 'three-digit year', input: '12/3/202' },
    { description: 'year out of range', input: '12/3/0024' },
    { description: 'just a number', input: '12' },
    { description: 'two dates', input: '12/3 hoac 13/3' },
    { description: 'mai alone may be a name', input: 'mai' },
    { description: 'unrelated text', input: 'khong nho' },
    { description: 'emoji', input: '📅' },
    { description: '5,000 characters', input: '1/'.repeat(2500) },
  ];

  it.each(dates)('$description', ({ input, expected }) => {
    expect(recognizeDate(input, TODAY)).toBe(expected);
  });

  it.each(notDates)('rejects $description', ({ input }) => {
    expect(recognizeDate(input, TODAY)).toBeUndefined();
  });

  const arithmetic = [
    { description: 'yesterday across a month', input: 'hom qua', today: '2024-03-01', expected: '2024-02-29' },
    { description: 'yesterday across a year', input: 'hom qua', today: '2024-01-01', expected: '2023-12-31' },
    { description: 'tomorrow across a year', input: 'ngay mai', today: '2023-12-31', expected: '2024-01-01' },
    { description: 'tomorrow in a common February', input: 'ngay mai', today: '2023-02-28', expected: '2023-03-01' },
    { description: 'dd/mm in another year', input: '29/2', today: '2028-06-01', expected: '2028-02-29' },
    { description: 'dd/mm impossible in this year', input: '29/2', today: '2025-06-01', expected: undefined },
  ];

  it.each(arithmetic)('$description', ({ input, today, expected }) => {
    expect(recognizeDate(input, today)).toBe(expected);
  });

  it.each([
    { description: 'not ISO', today: '15/03/2024' },
    { description: 'impossible date', today: '2024-02-30' },
    { description: 'empty', today: '' },
  ])('throws when today is $description', ({ today }) => {
    expect(() => recognizeDate('hom nay', today)).toThrow(RangeError);
  });
});
