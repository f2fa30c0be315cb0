import { monitoring } from '../api.js';
import { esc } from '../format.js';

// The catalog is fetched once per page session (it changes rarely) and shared by the views.
let catalog = null;
export async function indicators() {
  if (!catalog) {
    const r = await monitoring('ListIndicators', { pageSize: 1000 });
    catalog = r.indicators || [];
  }
  return catalog;
}
export function indicatorSelect(list, code, id = 'ind') {
  return `<label for="${id}">Indikator</label><select id="${id}">${list.map((i) =>
    `<option value="${esc(i.code)}"${i.code === code ? ' selected' : ''}>${esc(i.nameDe)}</option>`).join('')}</select>`;
}
