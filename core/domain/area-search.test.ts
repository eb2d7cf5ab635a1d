import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleAreasFile } from '../paths.js';
import { parseAreaCsv } from './area-csv.js';
import { indexWards, searchWards } from './area-search.js';

const sample = parseAreaCsv(readFileSync(sampleAreasFile, 'utf8'));
const index = indexWards(
  sample.rows.map((row) => ({
    code: row.wardCode,
    name: row.wardName,
    districtName: row.districtName,
    provinceName: row.provinceName,
  })),
);
const top = (query: string) => searchWards(index, query, 5).map((ward) => ward.name);

describe('the bundled administrative units', () => {
  it('hold one complete province without a bad row', () => {
    expect(sample.errors).toEqual([]);
    expect(sample.rows).toHaveLength(170);
    expect(new Set(sample.rows.map((row) => row.districtCode)).size).toBe(11);
  });
});

describe('ward search', () => {
  it.each([
    { query: 'Trảng Dài', first: 'Phường Trảng Dài' },
    { query: 'trang dai', first: 'Phường Trảng Dài' },
    { query: 'TRANG DAI BIEN HOA', first: 'Phường Trảng Dài' },
    { query: 'p. trang dai', first: 'Phường Trảng Dài' },
    { query: 'phuong trang dia', first: 'Phường Trảng Dài' },
    { query: 'ho nai', first: 'Phường Hố Nai' },
    { query: 'xa thanh son dinh quan', first: 'Xã Thanh Sơn' },
    { query: '25993', first: 'Phường Trảng Dài' },
  ])('"$query" finds $first first', ({ query, first }) => {
    expect(top(query)[0]).toBe(first);
  });

  it('offers both wards of a shared name, and the district picks one', () => {
    const both = searchWards(index, 'thanh son', 5).filter((ward) => ward.name === 'Xã Thanh Sơn');
    expect(both.length).toBe(2);
    const [one] = searchWards(index, 'thanh son tan phu', 5);
    expect(one?.districtName).toBe('Huyện Tân Phú');
  });

  it('returns at most the limit, and nothing for a place that is not there', () => {
    expect(top('phuong').length).toBe(0);
    expect(searchWards(index, 'tan', 5).length).toBe(5);
    expect(top('Hoàn Kiếm')).toEqual([]);
    expect(top('')).toEqual([]);
  });

  it('reads a district name as narrowing, not as a ward of another district', () => {
    const wards = searchWards(index, 'bien hoa', 5);
    expect(wards.length).toBeGreaterThan(0);
    expect(new Set(wards.map((ward) => ward.districtName))).toEqual(new Set(['Thành phố Biên Hòa']));
  });
});

describe('area CSV', () => {
  it('reads the statistics office header, pads codes a spreadsheet shortened and reports bad rows by line', () => {
    const csv = [
      'Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp',
      'Thành phố Hà Nội,1,Quận Ba Đình,1,Phường Phúc Xá,1,Phường',
      'Thành phố Hà Nội,01,Quận Ba Đình,001,,00004,Phường',
      'Thành phố Hà Nội,01,Quận Ba Đình,001,Phường Trúc Bạch,4a,Phường',
    ].join('\n');
    const parsed = parseAreaCsv(csv);
    expect(parsed.rows).toEqual([
      {
        provinceCode: '01',
        provinceName: 'Thành phố Hà Nội',
        districtCode: '001',
        districtName: 'Quận Ba Đình',
        wardCode: '00001',
        wardName: 'Phường Phúc Xá',
      },
    ]);
    expect(parsed.errors).toEqual([
      'line 3: ward_name must be 1 to 100 characters',
      'line 4: ward_code must be 5 digits',
    ]);
  });

  it('names the missing columns', () => {
    expect(parseAreaCsv('province,ward\n1,2').errors).toEqual([
      'the first row needs the columns province_code, province_name, district_code, district_name, ward_code, ward_name',
    ]);
  });
});
