import { describe, expect, it } from 'vitest';
import { readHouseholdList } from './relief-household-list.js';

describe('readHouseholdList', () => {
  it('reads the columns in any order and case, phone and counts optional', () => {
    const list = readHouseholdList(
      'Address,NAME,size,phone,over60\n"12/3 Nguyễn Trãi, P. Bến Thành",Bà Tư,2,0987 654 321,1\n7 Trần Phú,Ông Năm,1,,\n',
    );
    expect(list).toEqual({
      accepted: [
        {
          phone: '+84987654321',
          headName: 'Bà Tư',
          address: '12/3 Nguyễn Trãi, P. Bến Thành',
          size: 2,
          over60: 1,
          under6: 0,
          disabled: 0,
          pregnant: 0,
        },
        { headName: 'Ông Năm', address: '7 Trần Phú', size: 1, over60: 0, under6: 0, disabled: 0, pregnant: 0 },
      ],
      rejected: [],
    });
  });

  const badRows = [
    { description: 'empty name', row: ',1 Lê Lợi,2,,0', reason: 'name is empty or longer than 100 characters' },
    { description: 'empty address', row: 'An, ,2,,0', reason: 'address is empty or longer than 200 characters' },
    {
      description: 'address of punctuation',
      row: 'An,".,;",2,,0',
      reason: 'address is empty or longer than 200 characters',
    },
    { description: 'size 0', row: 'An,1 Lê Lợi,0,,0', reason: 'size must be a whole number from 1 to 50' },
    { description: 'size 300', row: 'An,1 Lê Lợi,300,,0', reason: 'size must be a whole number from 1 to 50' },
    { description: 'size in words', row: 'An,1 Lê Lợi,bốn,,0', reason: 'size must be a whole number from 1 to 50' },
    {
      description: 'more elders than members',
      row: 'An,1 Lê Lợi,2,,3',
      reason: 'over60 must be a whole number from 0 to the household size',
    },
    {
      description: 'a landline',
      row: 'An,1 Lê Lợi,2,02838123456,0',
      reason: 'phone is not a Vietnamese mobile number',
    },
  ];

  it.each(badRows)('reports a row with $description by its number and keeps the others', ({ row, reason }) => {
    const list = readHouseholdList(`name,address,size,phone,over60\nBình,2 Lê Lợi,3,,0\n${row}\n`);
    expect(list).toMatchObject({ accepted: [{ headName: 'Bình' }], rejected: [{ row: 2, reason }] });
  });

  it('refuses a list without the required columns', () => {
    expect(readHouseholdList('ten,dia chi\nAn,1 Le Loi\n')).toEqual({
      error: 'the CSV header needs the columns name, address, size',
    });
  });
});
