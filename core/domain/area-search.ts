import { normalizeAnswer } from '../text/fold.js';

/** A ward with the names of its district and province, as people describe where they live. */
export interface SearchableWard {
  code: string;
  name: string;
  districtName: string;
  provinceName: string;
}

// Unit types people add or leave out ("phuong", "P.", "TP", "huyen"): never required to match.
const TYPE_WORDS = new Set([
  'phuong',
  'xa',
  'thi',
  'tran',
  'tt',
  'quan',
  'huyen',
  'thanh',
  'pho',
  'tp',
  'tx',
  'tinh',
  'p',
  'q',
  'h',
  'x',
  'ward',
  'commune',
  'district',
  'city',
  'town',
  'province',
]);

/** Folded words of a name, with "P.5" / "Q1" / "TP.Biên Hòa" split the way they are meant. */
export function areaWords(text: string): string[] {
  return normalizeAnswer(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(p|q|x|h|tt|tp|tx)(\d+)\b/g, '$1 $2')
    .replace(/\btp(?=[a-z])/g, 'tp ')
    .split(' ')
    .filter(Boolean);
}

interface Candidate {
  ward: SearchableWard;
  own: readonly string[];
  parents: readonly string[];
}

/** Prepares wards once for many searches. */
export function indexWards(wards: readonly SearchableWard[]): readonly Candidate[] {
  return wards.map((ward) => ({
    ward,
    own: areaWords(ward.name),
    parents: [...areaWords(ward.districtName), ...areaWords(ward.provinceName)],
  }));
}

/**
 * The wards a citizen most likely means by what they typed, best first: with or without diacritics, unit types
 * optional, small typos forgiven ("trang dia" finds Trảng Dài), the district or province narrowing it down. A ward
 * is only offered when at least one typed word is in its own name, and every typed word that is not a unit type
 * matches something.
 */
export function searchWards(index: readonly Candidate[], query: string, limit: number): SearchableWard[] {
  const words = areaWords(query);
  if (/^\d{5}$/.test(words.join(''))) return index.filter((c) => c.ward.code === words.join('')).map((c) => c.ward);
  const scored: { candidate: Candidate; score: number }[] = [];
  for (const candidate of index) {
    const score = scoreWard(candidate, words);
    if (score > 0) scored.push({ candidate, score });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      a.candidate.ward.name.length - b.candidate.ward.name.length ||
      a.candidate.ward.code.localeCompare(b.candidate.ward.code),
  );
  return scored.slice(0, limit).map((entry) => entry.candidate.ward);
}

function scoreWard(candidate: Candidate, words: readonly string[]): number {
  let score = 0;
  let ownMatched = 0;
  const matchedOwn = new Set<string>();
  for (const word of words) {
    const own = bestMatch(word, candidate.own);
    const parent = bestMatch(word, candidate.parents);
    if (own > 0 && !TYPE_WORDS.has(word)) {
      ownMatched++;
      score += own * 2;
      for (const token of candidate.own) if (wordMatch(word, token) > 0) matchedOwn.add(token);
    } else if (parent > 0) score += parent;
    else if (!TYPE_WORDS.has(word)) return 0;
  }
  if (ownMatched === 0) return 0;
  const nameWords = candidate.own.filter((token) => !TYPE_WORDS.has(token));
  // The whole name typed ("trang dai") beats a ward that merely shares a word ("Trảng Bom").
  if (nameWords.every((token) => matchedOwn.has(token))) score += 3;
  return score;
}

function bestMatch(word: string, tokens: readonly string[]): number {
  let best = 0;
  for (const token of tokens) best = Math.max(best, wordMatch(word, token));
  return best;
}

function wordMatch(word: string, token: string): number {
  if (word === token) return 3;
  // Numbers name wards ("Phường 5"): only the same number is that ward.
  if (/^\d+$/.test(word) || /^\d+$/.test(token)) return 0;
  if (word.length >= 3 && token.startsWith(word)) return 2;
  // Short words only forgive swapped letters ("dia" for "dai"): one wrong letter would make "tan" match "tam".
  const allowed = word.length >= 7 ? 2 : word.length >= 3 ? 1 : 0;
  if (allowed === 0 || editDistance(word, token, allowed) > allowed) return 0;
  return word.length > 3 || isSwap(word, token) ? 1 : 0;
}

function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differing = [...a].flatMap((char, i) => (char === b[i] ? [] : [i]));
  const [first, second] = differing;
  return (
    differing.length === 2 &&
    first !== undefined &&
    second === first + 1 &&
    a[first] === b[second] &&
    a[second] === b[first]
  );
}

/** Damerau-Levenshtein distance (adjacent swaps count once), giving up above `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      let value = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = value;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
