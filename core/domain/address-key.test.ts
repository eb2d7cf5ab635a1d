import { describe, expect, it } from 'vitest';
import { addressKey } from './address-key.js';

describe('addressKey: spellings of one address give one key', () => {
  const cases = [
    { description: 'diacritics and case', a: '12 Nguyễn Trãi', b: '12 NGUYEN TRAI' },
    { description: 'P. / Phường / phuong', a: '12 Nguyen Trai, P. Ben Thanh', b: '12 Nguyễn Trãi Phường Bến Thành' },
    { description: 'P5 glued to its number', a: '45 Le Loi P5 Q3', b: '45 Lê Lợi, Phường 5, Quận 3' },
    {
      description: 'Q. and TP abbreviations',
      a: '7 Tran Phu, Q.5, TP.HCM',
      b: '7 Trần Phú quận 5 thành phố Hồ Chí Minh',
    },
    { description: 'the ward tail is optional', a: '7 Tran Phu', b: '7 Trần Phú, P.4, Q.5, TP. HCM' },
    { description: 'street word Đường / Đ. / none', a: '12 Đường Nguyễn Trãi', b: '12 Đ. Nguyễn Trãi' },
    { description: 'số / số nhà / sn before the number', a: 'Số nhà 12 Nguyễn Trãi', b: 'sn 12 nguyen trai' },
    { description: 'hẻm written as a slash', a: '12/3 Nguyễn Trãi', b: 'Số 3 hẻm 12 Nguyễn Trãi' },
    { description: 'hẻm before the house number', a: 'hẻm 12 số 3 Nguyễn Trãi', b: '12/3 nguyen trai' },
    { description: 'kiệt (Đà Nẵng) is hẻm', a: 'K12/3 Hùng Vương', b: 'Kiệt 12/3 Hùng Vương' },
    { description: 'ngõ (Hà Nội) is hẻm', a: 'Ngõ 12 Phố Huế', b: 'hem 12 Hue' },
    { description: 'H.12 is an alley', a: 'H.12 Bà Hạt', b: 'hẻm 12 Bà Hạt' },
    { description: 'spaces around the slash', a: '12 / 3 Nguyen Trai', b: '12/3 Nguyen Trai' },
    { description: 'house letter glued or apart', a: '12A Nguyễn Trãi', b: '12 A Nguyễn Trãi' },
    { description: 'leading zeros', a: '012/03 Nguyen Trai', b: '12/3 Nguyen Trai' },
    { description: 'KP / khu phố', a: 'KP3, Tân Phong', b: 'Khu phố 3 Tân Phong' },
    {
      description: 'P. opening the address is a room',
      a: 'P.203 CC Hoàng Anh, 12 Nguyễn Trãi',
      b: 'phong 203 chung cu Hoang Anh 12 Nguyen Trai',
    },
    { description: 'full-width digits', a: '１２ Nguyen Trai', b: '12 Nguyen Trai' },
    { description: 'decomposed Unicode', a: '12 Nguye\u0302\u0303n Tra\u0303i', b: '12 Nguyễn Trãi' },
  ];

  it.each(cases)('$description', ({ a, b }) => {
    expect(addressKey(a)).toBe(addressKey(b));
    expect(addressKey(a)).not.toBe('');
  });
});

describe('addressKey: different homes stay different', () => {
  const cases = [
    { description: 'two flats of one building', a: 'Phòng 203 chung cư Hoàng Anh', b: 'Phòng 305 chung cư Hoàng Anh' },
    { description: 'two houses of one alley', a: '12/3 Nguyễn Trãi', b: '12/5 Nguyễn Trãi' },
    { description: 'house 12/3 is not house 123', a: '12/3 Nguyen Trai', b: '123 Nguyen Trai' },
    { description: 'house letter matters', a: '12A Nguyễn Trãi', b: '12B Nguyễn Trãi' },
    { description: 'a range is not its first house', a: '12-14 Lê Lợi', b: '12 Lê Lợi' },
    { description: 'different streets', a: '12 Nguyễn Trãi', b: '12 Nguyễn Du' },
  ];

  it.each(cases)('$description', ({ a, b }) => {
    expect(addressKey(a)).not.toBe(addressKey(b));
  });
});

describe('addressKey: the key itself', () => {
  const cases = [
    {
      description: 'alley form',
      input: 'Số 3, Hẻm 12, Đường Nguyễn Trãi, P. Bến Thành, Q.1',
      expected: '12/3 nguyen trai',
    },
    { description: 'keeps the place when it is all there is', input: 'Phường 5, Quận 3', expected: 'phuong 5' },
    { description: 'punctuation only', input: ' ,.; ', expected: '' },
    { description: 'a range', input: '12 - 14 Lê Lợi', expected: '12-14 le loi' },
    { description: 'a building and a room', input: 'P.203, CC Hoàng Anh', expected: 'phong 203 chung cu hoang anh' },
  ];

  it.each(cases)('$description', ({ input, expected }) => {
    expect(addressKey(input)).toBe(expected);
  });
});

describe('addressKey with the names of the household’s ward, district and province', () => {
  const places = ['Phường Trảng Dài', 'Thành phố Biên Hòa', 'Tỉnh Đồng Nai'];
  const cases = [
    {
      description: 'names without marker words',
      input: '12 Nguyễn Trãi, Trảng Dài, Biên Hòa',
      expected: '12 nguyen trai',
    },
    { description: 'in any order at the end', input: '12 Nguyen Trai Dong Nai Bien Hoa', expected: '12 nguyen trai' },
    { description: 'not inside the street part', input: '12 Biên Hòa Street 3', expected: '12 bien hoa street 3' },
    { description: 'never the whole address', input: 'Trảng Dài', expected: 'trang dai' },
  ];

  it.each(cases)('$description', ({ input, expected }) => {
    expect(addressKey(input, places)).toBe(expected);
  });
});
