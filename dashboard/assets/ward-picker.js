// The area picker of the health and cases pages: the wards the official serves (GET /api/v1/areas/wards), grouped
// by district, and the districts they may read whole. The choice is kept for the session, so moving between the
// overview, declarations and the board keeps the same area. Also the ward select of forms that file a record in one.
import { api, attempt, el, t, user } from './console.js';

const REMEMBERED = 'console.area';
const names = new Map();

/** A ward's name from the picker's list ("Phường Trảng Dài"), or its code when the list does not hold it. */
export function wardName(code) {
  return names.get(code) ?? code ?? '';
}

/** "ward:25993" → { ward: '25993' }; "district:731" → { district: '731' }; "" → {} (all of one's areas). */
export function areaQuery(value) {
  const [level, code] = (value || '').split(':');
  return level === 'ward' || level === 'district' ? { [level]: code } : {};
}

/** Query string from an object, leaving out empty values. */
export function queryString(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

let loaded;

/** The official's wards grouped by district (code → { name, wards }), read once per page and named for wardName. */
function wardsByDistrict() {
  loaded ??= attempt(() => api('GET', '/api/v1/areas/wards')).then((body) => {
    const districts = new Map();
    for (const ward of body?.wards ?? []) {
      names.set(ward.code, ward.name);
      if (!districts.has(ward.districtCode)) districts.set(ward.districtCode, { name: ward.districtName, wards: [] });
      districts.get(ward.districtCode).wards.push(ward);
    }
    return districts;
  });
  return loaded;
}

/**
 * Fills `select` for picking the one ward a new record belongs to (values are ward codes): the official's wards by
 * district, the only one chosen already, else a first empty option reading `placeholder`.
 */
export async function fillWardSelect(select, placeholder) {
  const districts = await wardsByDistrict();
  const wards = [...districts.values()].flatMap((district) => district.wards);
  const groups = [...districts.values()].map((district) =>
    el(
      'optgroup',
      { label: district.name },
      ...district.wards.map((ward) => el('option', { value: ward.code }, ward.name)),
    ),
  );
  select.replaceChildren(...(wards.length === 1 ? [] : [el('option', { value: '' }, placeholder)]), ...groups);
}

// A district may be read whole by those whose areas hold it (or its province); the server checks again.
const readsDistrict = (districtCode) =>
  user.role === 'admin' || user.role === 'province' || user.areas.includes(districtCode);

/**
 * Fills `select` with the official's areas and resolves to the chosen value. `allowAll`: offer "all my areas"
 * (lists that need one ward, such as declarations for anyone but an admin, do not); `wholeDistricts`: offer each
 * district the official may read whole. Calls onChange(value) when the official picks another.
 */
export async function fillAreaPicker(select, { allowAll, wholeDistricts, onChange }) {
  const districts = await wardsByDistrict();
  const options = [];
  if (allowAll) options.push(el('option', { value: '' }, t('areaPicker.all')));
  for (const [code, district] of districts) {
    const group = el('optgroup', { label: district.name });
    if (wholeDistricts && readsDistrict(code))
      group.append(el('option', { value: `district:${code}` }, t('areaPicker.wholeDistrict', district)));
    group.append(...district.wards.map((ward) => el('option', { value: `ward:${ward.code}` }, ward.name)));
    options.push(group);
  }
  select.replaceChildren(...options);
  const values = [...select.options].map((option) => option.value);
  const remembered = sessionStorage.getItem(REMEMBERED);
  if (remembered !== null && values.includes(remembered)) select.value = remembered;
  select.addEventListener('change', () => {
    sessionStorage.setItem(REMEMBERED, select.value);
    onChange(select.value);
  });
  return select.value;
}
