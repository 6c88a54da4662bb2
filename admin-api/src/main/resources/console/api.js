// The one API client. Every call of every screen goes through api(): it adds the session token,
// turns problem details (RFC 9457) into a Chinese message, and handles an expired session (401)
// and a forced password change (403) in one place.
import { reactive } from './lib.js';

const BASE = '/admin/api/v1';

/** Who is logged in; screens read it, only this module and the login screen write it. */
export const session = reactive({ token: sessionStorage.getItem('token'), me: null, notice: '' });

export class ApiError extends Error {
  constructor(message, status, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const HAN = /[\u4e00-\u9fa5]/;

/** What a person is told when the server gave no Chinese detail. */
function fallback(status) {
  if (status === 400) return '请求内容不正确，请检查后重试';
  if (status === 401) return '登录已过期，请重新登录';
  if (status === 403) return '您无权进行此操作';
  if (status === 404) return '要找的内容不存在，或不在您的管辖范围内';
  if (status === 409) return '当前状态不允许此操作，请刷新后再试';
  if (status === 413) return '提交的内容太大';
  if (status === 429) return '操作太频繁，请稍后再试';
  if (status >= 500) return '服务器出现错误，请稍后再试';
  return '操作失败（' + status + '）';
}

function expire(message) {
  sessionStorage.removeItem('token');
  session.token = null;
  session.me = null;
  session.notice = message;
}

async function send(method, path, body, accept, contentType) {
  const headers = { Accept: accept };
  if (body !== undefined) headers['Content-Type'] = contentType || 'application/json';
  if (session.token) headers.Authorization = 'Bearer ' + session.token;
  let r;
  try {
    r = await fetch(BASE + path, { method, headers,
      body: body === undefined ? undefined : contentType ? body : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError('无法连接服务器，请检查网络后重试', 0, 'network');
  }
  if (r.ok) return r;
  let problem = null;
  try { problem = await r.json(); } catch (e) { problem = null; }
  const detail = problem && typeof problem.detail === 'string' && HAN.test(problem.detail) ? problem.detail : fallback(r.status);
  const code = problem && problem.code;
  if (r.status === 401 && path !== '/auth/login') {
    expire('登录已过期，请重新登录');
  } else if (r.status === 403 && code === 'auth.password-change-required' && session.me) {
    session.me = { ...session.me, mustChangePassword: true };
  }
  throw new ApiError(detail, r.status, code);
}

/** JSON in, JSON out (null for 204). */
export async function api(method, path, body) {
  const r = await send(method, path, body, 'application/json, application/problem+json');
  const text = await r.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/** A file (e.g. a CSV chosen by the user) sent as it is, with its media type; JSON back. */
export async function upload(path, file, contentType) {
  const r = await send('POST', path, file, 'application/json, application/problem+json', contentType);
  const text = await r.text();
  return text ? JSON.parse(text) : null;
}

/** A binary answer (e.g. a poster PNG) as a blob: URL, for an <img>; revoke it when done. */
export async function blobUrl(path, accept) {
  const r = await send('GET', path, undefined, accept + ', application/problem+json');
  return URL.createObjectURL(await r.blob());
}

/** Downloads carry the token, so they go through fetch and a blob rather than a plain link. */
export async function download(path, filename, accept) {
  const r = await send('GET', path, undefined, (accept || 'text/csv') + ', application/problem+json');
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export async function login(username, password) {
  const r = await post('/auth/login', { username, password });
  sessionStorage.setItem('token', r.token);
  session.token = r.token;
  session.notice = '';
  await loadMe();
}

export async function loadMe() {
  session.me = await get('/me');
}

export async function logout() {
  try { await post('/auth/logout'); } finally { expire('已退出登录'); }
}
