// Short notices at the bottom of the screen; errors stay a little longer.
import { h, reactive } from '../lib.js';

const state = reactive({ items: [], next: 1 });

export function toast(message, error) {
  const id = state.next++;
  state.items.push({ id, message, error: !!error });
  setTimeout(() => { state.items = state.items.filter(t => t.id !== id); }, error ? 6000 : 4000);
}

/** Shows an error of a failed call; for handlers: run(() => post(...)). */
export async function run(fn, done) {
  try {
    const r = await fn();
    if (done) toast(done);
    return r;
  } catch (e) {
    toast(e.message, true);
    return undefined;
  }
}

export const Toasts = {
  name: 'Toasts',
  setup() {
    return () => h('div', { class: 'toasts', id: 'toast', role: 'status', 'aria-live': 'polite' },
      state.items.map(t => h('div', { key: t.id, class: 'toast-item shadow ' + (t.error ? 'bg-danger' : 'bg-dark') }, t.message)));
  },
};
