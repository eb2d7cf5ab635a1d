import { foldDiacritics } from '../text/fold.js';

/**
 * The comparable form of a Vietnamese street address, used to recognise one household written several ways
 * ("Số 3 hẻm 12 Nguyễn Trãi, P. Bến Thành" = "12/3 nguyen trai phuong ben thanh"). It keeps everything that tells two
 * flats of one building apart (room, block, floor numbers) and drops what only says where the street is: the ward,
 * district and province after the first such marker, since the household's ward is stored separately as a code.
 */
export function addressKey(raw: string, placeNames: readonly string[] = []): string {
  const tokens = tokenize(raw);
  const canonical = canonicalTokens(tokens);
  const names = placeNames.map((name) => withoutLeadingMarker(canonicalTokens(tokenize(name))));
  const withoutPlace = dropNamedTail(dropPlaceTail(canonical), names);
  return joinHouseNumbers(withoutPlace).join(' ');
}

// Abbreviations are spelled out so "P." / "Phường" / "phuong" compare equal. Keys are folded, lower-case tokens.
const ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  // "P." opening an address is a room ("P.203, CC Hoàng Anh"); anywhere else it is the ward ("P.5") — see contextual().
  p: ['phuong'],
  f: ['phuong'],
  q: ['quan'],
  tp: ['thanh', 'pho'],
  tx: ['thi', 'xa'],
  tt: ['thi', 'tran'],
  h: ['huyen'],
  kp: ['khu', 'pho'],
  cc: ['chung', 'cu'],
  ktx: ['ky', 'tuc', 'xa'],
  ch: ['can', 'ho'],
  // Alley words differ by region (hẻm in the South, kiệt in Huế and Đà Nẵng, ngõ/ngách in the North): one word here.
  hem: ['hem'],
  hxh: ['hem'],
  kiet: ['hem'],
  k: ['hem'],
  ngo: ['hem'],
  ngach: ['hem'],
};

// Words that carry nothing for identity: the street word, and the words that announce a house number.
const NOISE = new Set(['duong', 'd', 'so', 'sn', 'nha', 'dia', 'chi']);

// Markers that begin the part of an address naming the ward, district or province.
const PLACE_MARKERS: readonly (readonly string[])[] = [
  ['phuong'],
  ['xa'],
  ['thi', 'tran'],
  ['thi', 'xa'],
  ['quan'],
  ['huyen'],
  ['thanh', 'pho'],
  ['tinh'],
];

function tokenize(raw: string): string[] {
  const folded = foldDiacritics(raw.normalize('NFKC')).toLowerCase();
  return (
    folded
      // "12 / 3" and "12 /3" are the same house number as "12/3"; a dash between numbers is a range ("12-14").
      .replace(/\s*([/-])\s*(?=\d)/g, '$1')
      // An abbreviation's dot or a comma separates words ("P.5", "Q.1,TP.HCM"); numbers keep their "/" and "-".
      .replace(/[^a-z0-9/-]+/g, ' ')
      // "p5", "q1", "k12" (letters glued to a number) are a marker and a number.
      .replace(/\b(kp|p|f|q|k|h)(\d)/g, '$1 $2')
      .split(' ')
      .filter((token) => token !== '' && token !== '-' && token !== '/')
  );
}

function canonicalTokens(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const next = tokens[i + 1];
    // "khu pho" stays itself, but a lone "pho" is the Northern street word (phố Huế = Huế street).
    if (token === 'pho' && out.at(-1) !== 'khu' && out.at(-1) !== 'thanh') continue;
    if (NOISE.has(token)) continue;
    // A letter suffix written apart ("12 A") belongs to its number ("12a"), but "12 a" at the end may not be one.
    if (/^[a-z]$/.test(token) && /\d$/.test(out.at(-1) ?? '') && next !== undefined && !(token in ABBREVIATIONS)) {
      out[out.length - 1] = `${out.at(-1)}${token}`;
      continue;
    }
    const expanded = contextual(token, out.length === 0, next) ?? ABBREVIATIONS[token];
    if (expanded) out.push(...expanded);
    else out.push(stripLeadingZeros(token));
  }
  return out;
}

// Two single letters mean different things by position: "H.12" is alley 12 but "H. Củ Chi" is a district.
function contextual(token: string, first: boolean, next: string | undefined): readonly string[] | undefined {
  const numberFollows = next !== undefined && /^\d/.test(next);
  if (token === 'p' && first && numberFollows) return ['phong'];
  if (token === 'h' && numberFollows) return ['hem'];
  return undefined;
}

function stripLeadingZeros(token: string): string {
  return token.replace(/(^|[/-])0+(?=\d)/g, '$1');
}

// Cut at the first ward / district / province marker, unless nothing would be left (an address that is only a place).
function dropPlaceTail(tokens: readonly string[]): string[] {
  for (let i = 1; i < tokens.length; i++) {
    if (PLACE_MARKERS.some((marker) => marker.every((word, k) => tokens[i + k] === word))) return tokens.slice(0, i);
  }
  return [...tokens];
}

// Official names carry their type ("Phường Trảng Dài", "Thành phố Biên Hòa"); addresses often leave it out.
function withoutLeadingMarker(tokens: readonly string[]): string[] {
  const marker = PLACE_MARKERS.find((words) => words.every((word, k) => tokens[k] === word));
  return tokens.slice(marker?.length ?? 0);
}

// "12 Nguyễn Trãi, Trảng Dài, Biên Hòa" names its ward and city without a marker word: with the household's own ward,
// district and province names given, those are dropped from the end too.
function dropNamedTail(tokens: readonly string[], names: readonly (readonly string[])[]): string[] {
  const out = [...tokens];
  for (let cut = true; cut; ) {
    cut = false;
    for (const name of names) {
      const start = out.length - name.length;
      if (name.length > 0 && start > 0 && name.every((word, k) => out[start + k] === word)) {
        out.length = start;
        cut = true;
      }
    }
  }
  return out;
}

// "3 hem 12" and "hem 12 3" (house 3 in alley 12) are written "12/3" in the South; one form for all three.
function joinHouseNumbers(tokens: readonly string[]): string[] {
  const out = [...tokens];
  const alley = out.indexOf('hem');
  const alleyNumber = out[alley + 1];
  if (alley < 0 || alleyNumber === undefined || !/^\d/.test(alleyNumber)) return out;
  const before = out[alley - 1];
  const after = out[alley + 2];
  if (before !== undefined && /^\d/.test(before) && alley - 1 === 0) {
    out.splice(alley - 1, 3, `${alleyNumber}/${before}`);
  } else if (after !== undefined && /^\d/.test(after)) {
    out.splice(alley, 3, `${alleyNumber}/${after}`);
  }
  return out;
}
