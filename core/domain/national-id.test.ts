import { describe, expect, it } from 'vitest';
import { checkNationalId, maskNationalId } from './national-id.js';

describe('checkNationalId', () => {
  it.each([
    { description: 'a CCCD of a man born 1950 in Hanoi', typed: '001050012345', year: 1950, kind: 'cccd' },
    { description: 'a CCCD of a woman born 2003 in Ho Chi Minh City', typed: '079303000001', year: 2003, kind: 'cccd' },
    { description: 'a CCCD typed with spaces and dots', typed: '001 050.012-345', year: 1950, kind: 'cccd' },
    { description: 'an old 9-digit CMND', typed: '024123456', year: 1960, kind: 'cmnd' },
  ])('accepts $description', ({ typed, year, kind }) => {
    expect(checkNationalId(typed, year)).toMatchObject({ ok: true, kind, digits: typed.replace(/\D/g, '') });
  });

  it.each([
    { description: 'ten digits', typed: '0010500123', year: 1950, problem: 'length' },
    { description: 'letters', typed: 'abc', year: 1950, problem: 'length' },
    { description: 'an unknown province code', typed: '003050012345', year: 1950, problem: 'province' },
    { description: 'a birth year the number contradicts', typed: '001050012345', year: 1951, problem: 'birthYear' },
    { description: 'the wrong century', typed: '001250012345', year: 1950, problem: 'birthYear' },
  ])('refuses $description', ({ typed, year, problem }) => {
    expect(checkNationalId(typed, year)).toEqual({ ok: false, problem });
  });

  it('masks all but the last three digits', () => {
    expect(maskNationalId('001050012345')).toBe('*********345');
  });
});
