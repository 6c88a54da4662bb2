// A small hash router: #/cases, #/cases/42, #/stats?orgId=3. Routes come from routes.js.
import { reactive, markRaw } from './lib.js';
import { routes } from './routes.js';

// Route objects stay plain (not reactive proxies), so they compare equal to the table's entries.
routes.forEach(markRaw);

export const current = reactive({ route: null, params: {}, query: {} });

function match(path) {
  const parts = path.split('/').filter(Boolean);
  for (const r of routes) {
    const pattern = r.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params = {};
    if (pattern.every((p, i) => p.startsWith(':') ? (params[p.substring(1)] = decodeURIComponent(parts[i]), true) : p === parts[i])) {
      return { route: r, params };
    }
  }
  return null;
}

function read() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, qs] = hash.split('?');
  const found = match(path || '');
  current.route = found ? found.route : null;
  current.params = found ? found.params : {};
  current.query = Object.fromEntries(new URLSearchParams(qs || ''));
}

export function go(path) {
  location.hash = '#/' + path;
}

/** The routes the caller's role may open. */
export function allowed(me) {
  return routes.filter(r => !r.roles || r.roles.includes(me.role));
}

window.addEventListener('hashchange', read);
read();
