// The integrad HTTP/JSON gateway (Connect unary JSON): POST /integra.v1.<Service>/<Method>.
// Counts requests per view (window.__integra.requests) for the request budget (≤ 5 per view).

const TOKEN_KEY = 'integra.token';
export const stats = { requests: 0, total: 0, log: [] };
window.__integra = stats;

let asked = false;          // ask for a token once per page session
let pendingAsk = null;
const listeners = new Set();
export function onAuthChange(fn) { listeners.add(fn); }
function authEvent(kind, message) { for (const fn of listeners) fn(kind, message); }

export function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }
export function setToken(t) {
  if (t) sessionStorage.setItem(TOKEN_KEY, t); else sessionStorage.removeItem(TOKEN_KEY);
  authEvent(t ? 'token' : 'none');
}

export function resetViewCount() { stats.requests = 0; stats.log = []; }

export class ApiError extends Error {
  constructor(code, message, status) { super(message); this.code = code; this.status = status; }
}

// Normalises the answer to lowerCamelCase keys (the gateway already answers so; this keeps the
// page tolerant of preserved proto names). Map fields (breakdown, undefined) keep their keys.
function camel(v, inMap = false) {
  if (Array.isArray(v)) return v.map((x) => camel(x));
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) {
      const key = inMap ? k : k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
      o[key] = camel(x, !inMap && (key === 'breakdown' || key === 'undefined'));
    }
    return o;
  }
  return v;
}

async function askToken(reason) {
  if (pendingAsk) return pendingAsk;
  const dlg = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  document.getElementById('token-why').textContent = reason;
  input.value = '';
  pendingAsk = new Promise((resolve) => {
    dlg.addEventListener('close', () => {
      pendingAsk = null;
      if (dlg.returnValue === 'ok' && input.value.trim()) { setToken(input.value.trim()); resolve(true); }
      else resolve(false);
    }, { once: true });
    dlg.showModal();
    input.focus();
  });
  return pendingAsk;
}

export async function rpc(service, method, body = {}) {
  stats.requests++; stats.total++; stats.log.push(`${service}/${method}`);
  const headers = { 'Content-Type': 'application/json' };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  const res = await fetch(`./integra.v1.${service}/${method}`, { method: 'POST', headers, body: JSON.stringify(body) });
  let data = null;
  const text = await res.text();
  try { data = text ? JSON.parse(text) : {}; } catch { data = { code: 'unknown', message: text.slice(0, 200) }; }
  if (res.ok) return camel(data);
  const code = data.code || `http_${res.status}`;
  if (res.status === 401 || code === 'unauthenticated') {
    if (!asked) {
      asked = true;
      const ok = await askToken(t
        ? 'Das gespeicherte Token wurde abgelehnt. Bitte ein gültiges API-Token eingeben.'
        : 'Dieser Server zeigt Daten nur mit einem API-Token (integrad läuft ohne --allow-anonymous-read). Das Token bleibt nur in diesem Browser-Tab gespeichert.');
      if (ok) { stats.requests--; stats.total--; stats.log.pop(); return rpc(service, method, body); }
    }
    authEvent('missing', t ? 'Das Token wurde abgelehnt (ungültig oder abgelaufen).' : 'Ohne API-Token zeigt dieser Server keine Daten.');
    throw new ApiError(code, t ? 'Token abgelehnt: keine Berechtigung für diese Daten.' : 'Kein Token: Anmeldung erforderlich, um diese Daten zu sehen.', res.status);
  }
  if (res.status === 403 || code === 'permission_denied') {
    throw new ApiError(code, `Keine Berechtigung: ${data.message || ''}`, res.status);
  }
  throw new ApiError(code, data.message || `HTTP ${res.status}`, res.status);
}

export const monitoring = (m, b) => rpc('MonitoringService', m, b);
export const knowledge = (m, b) => rpc('KnowledgeService', m, b);
export const scorecard = (m, b) => rpc('ScorecardService', m, b);
export function askAgain() { asked = false; return askToken('Bitte ein API-Token eingeben.'); }
