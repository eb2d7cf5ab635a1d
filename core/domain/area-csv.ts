import { parseCsv } from './csv.js';

/** One ward with its district and province, as a row of the administrative-units list. */
export interface AreaRow {
  provinceCode: string;
  provinceName: string;
  districtCode: string;
  districtName: string;
  wardCode: string;
  wardName: string;
}

// Our own header, and the one of the General Statistics Office's export (danhmuchanhchinh.gso.gov.vn).
const COLUMNS: Record<keyof AreaRow, readonly string[]> = {
  provinceCode: ['province_code', 'ma tp'],
  provinceName: ['province_name', 'tinh thanh pho'],
  districtCode: ['district_code', 'ma qh'],
  districtName: ['district_name', 'quan huyen'],
  wardCode: ['ward_code', 'ma px'],
  wardName: ['ward_name', 'phuong xa'],
};

const CODE_LENGTH: Partial<Record<keyof AreaRow, number>> = { provinceCode: 2, districtCode: 3, wardCode: 5 };

export type AreaCsv = { rows: AreaRow[]; errors: string[] };

/** Reads an administrative-units CSV, row by row; a bad row is reported with its line, the others are kept. */
export function parseAreaCsv(text: string): AreaCsv {
  const [header, ...lines] = parseCsv(text.replace(/^\uFEFF/, ''));
  const names = (header ?? []).map((name) =>
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/gi, 'd')
      .trim()
      .toLowerCase(),
  );
  const positions = Object.fromEntries(
    Object.entries(COLUMNS).map(([field, aliases]) => [field, names.findIndex((name) => aliases.includes(name))]),
  ) as Record<keyof AreaRow, number>;
  const missing = Object.entries(positions).filter(([, index]) => index < 0);
  if (missing.length > 0) {
    return {
      rows: [],
      errors: [
        `the first row needs the columns ${missing.map(([field]) => COLUMNS[field as keyof AreaRow][0]).join(', ')}`,
      ],
    };
  }
  const rows: AreaRow[] = [];
  const errors: string[] = [];
  lines.forEach((fields, index) => {
    if (fields.every((field) => field.trim() === '')) return;
    const row = Object.fromEntries(
      Object.entries(positions).map(([field, position]) => [field, (fields[position] ?? '').trim()]),
    ) as unknown as AreaRow;
    const problem = rowProblem(row);
    if (problem) errors.push(`line ${index + 2}: ${problem}`);
    else rows.push(row);
  });
  return { rows, errors };
}

function rowProblem(row: AreaRow): string | undefined {
  for (const [field, length] of Object.entries(CODE_LENGTH)) {
    // A spreadsheet re-saved by hand drops leading zeros ("1" for Hà Nội's "01").
    if (/^\d+$/.test(row[field as keyof AreaRow])) {
      row[field as keyof AreaRow] = row[field as keyof AreaRow].padStart(length, '0');
    }
    const value = row[field as keyof AreaRow];
    if (!new RegExp(`^\\d{${length}}$`).test(value))
      return `${COLUMNS[field as keyof AreaRow][0]} must be ${length} digits`;
  }
  for (const field of ['provinceName', 'districtName', 'wardName'] as const) {
    if (row[field] === '' || row[field].length > 100) return `${COLUMNS[field][0]} must be 1 to 100 characters`;
  }
  return undefined;
}
