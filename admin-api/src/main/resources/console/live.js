// 求助件 as they happen: one Server-Sent Events stream while any screen listens. EventSource cannot
// send a header, so a one-time ticket opens it; a ticket works once, so a dropped stream is opened
// again with a new one (never by EventSource's own retry of the old URL).
import { post } from './api.js';

const listeners = new Set();
let source = null;
let retry = null;
let opening = false;

async function open() {
  clearTimeout(retry);
  if (opening || source) return;
  opening = true;
  try {
    const t = await post('/cases/events/ticket');
    opening = false;
    if (!listeners.size || source) return;
    source = new EventSource('/admin/api/v1/cases/events?ticket=' + encodeURIComponent(t.ticket));
    source.addEventListener('case', (ev) => {
      const news = JSON.parse(ev.data);
      listeners.forEach(fn => fn(news));
    });
    source.onerror = () => {
      source.close();
      source = null;
      if (listeners.size) retry = setTimeout(open, 5000);
    };
  } catch (e) {
    opening = false;
    if (listeners.size && e.status !== 401) retry = setTimeout(open, 15000);
  }
}

/** Calls fn with {caseId, number, kind} for each event of the caller's subtree; returns the way to stop. */
export function onCaseEvent(fn) {
  listeners.add(fn);
  if (!source) open();
  return () => {
    listeners.delete(fn);
    if (!listeners.size) {
      clearTimeout(retry);
      if (source) source.close();
      source = null;
    }
  };
}
