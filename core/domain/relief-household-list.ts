import { normalizeVietnamesePhone } from '../text/phone.js';
import { addressKey } from './address-key.js';
import { parseCsv } from './csv.js';

export interface ListedHousehold {
  phone?: string;
  headName: string;
  address: string;
  size: number;
  over60: number;
  under6: number;
  disabled: number;
  pregnant: number;
}

export interface HouseholdList {
  accepted: ListedHousehold[];
  rejected: { row: number; reason: string }[];
}

const REQUIRED = ['name', 'address', 'size'] as const;
const COUNTS = ['over60', 'under6', 'disabled', 'pregnant'] as const;

/**
 * Reads a ward's list of vulnerable households (CSV: name, address, size, and optionally phone, over60, under6,
 * disabled, pregnant). Each bad row is reported by its number (1 = first after the header) and left out.
 */
export function readHouseholdList(csv: string): HouseholdList | { error: string } {
  const [header, ...lines] = parseCsv(csv);
  const columns = (header ?? []).map((name) => name.trim().toLowerCase());
  const missing = REQUIRED.filter((name) => !columns.includes(name));
  if (missing.length > 0) return { error: `the CSV header needs the columns ${missing.join(', ')}` };
  const list: HouseholdList = { accepted: [], rejected: [] };
  for (const [index, fields] of lines.entries()) {
    const cell = (name: string) => (columns.includes(name) ? (fields[columns.indexOf(name)] ?? '').trim() : '');
    const size = wholeNumber(cell('size'));
    const counts = COUNTS.map((name) => [name, wholeNumber(cell(name) || '0')] as const);
    const phone = cell('phone') ? normalizeVietnamesePhone(cell('phone')) : undefined;
    const badCount = counts.find(([, value]) => value === undefined || value > (size ?? 0));
    const problem =
      cell('name') === '' || cell('name').length > 100
        ? 'name is empty or longer than 100 characters'
        : addressKey(cell('address')) === '' || cell('address').length > 200
          ? 'address is empty or longer than 200 characters'
          : size === undefined || size < 1 || size > 50
            ? 'size must be a whole number from 1 to 50'
            : badCount
              ? `${badCount[0]} must be a whole number from 0 to the household size`
              : cell('phone') && !phone
                ? 'phone is not a Vietnamese mobile number'
                : undefined;
    if (problem || size === undefined) {
      list.rejected.push({ row: index + 1, reason: problem ?? 'size is missing' });
      continue;
    }
    list.accepted.push({
      ...(phone ? { phone } : {}),
      headName: cell('name'),
      address: cell('address'),
      size,
      ...(Object.fromEntries(counts) as Record<(typeof COUNTS)[number], number>),
    });
  }
  return list;
}

function wholeNumber(text: string): number | undefined {
  return /^\d{1,3}$/.test(text) ? Number(text) : undefined;
}
