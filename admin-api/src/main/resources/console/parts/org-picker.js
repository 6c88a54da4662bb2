// Choose a unit from the caller's org tree instead of typing its id: a search box (by name) over
// the tree; matches are shown with the units above them. v-model is the org id; `name` follows.
import { h, ref, computed, onMounted } from '../lib.js';
import { get } from '../api.js';
import { label, orgLevel } from '../labels.js';

let treeOnce = null;
/** The tree is read once per page load and shared by every picker. */
export function orgTree() {
  if (!treeOnce) treeOnce = get('/orgs/tree').catch(e => { treeOnce = null; throw e; });
  return treeOnce;
}
export function forgetOrgTree() { treeOnce = null; }

export function findOrg(nodes, id) {
  for (const n of nodes) {
    if (n.id === id) return n;
    const f = findOrg(n.children || [], id);
    if (f) return f;
  }
  return null;
}

export const OrgPicker = {
  name: 'OrgPicker',
  props: { modelValue: Number, id: String, placeholder: { type: String, default: '选择单位' }, clearable: Boolean },
  emits: ['update:modelValue', 'pick'],
  setup(props, { emit }) {
    const tree = ref([]);
    const open = ref(false);
    const text = ref('');
    const expanded = ref(new Set());
    onMounted(async () => {
      try {
        tree.value = await orgTree();
        tree.value.forEach(n => expanded.value.add(n.id));
      } catch (e) { tree.value = []; }
    });
    const selected = computed(() => props.modelValue ? findOrg(tree.value, props.modelValue) : null);

    function visible(node, q) {
      if (!q) return true;
      return node.name.includes(q) || (node.children || []).some(c => visible(c, q));
    }
    function pick(node) {
      emit('update:modelValue', node ? node.id : null);
      emit('pick', node);
      open.value = false;
    }
    function toggle(id) {
      const s = new Set(expanded.value);
      if (s.has(id)) s.delete(id); else s.add(id);
      expanded.value = s;
    }
    function branch(nodes, q) {
      return h('ul', { class: 'org-tree' }, nodes.filter(n => visible(n, q)).map(n => {
        const kids = (n.children || []).filter(c => visible(c, q));
        const isOpen = q ? true : expanded.value.has(n.id);
        return h('li', { key: n.id }, [
          h('div', { class: 'org-row' + (props.modelValue === n.id ? ' active' : '') }, [
            kids.length ? h('button', { type: 'button', class: 'btn btn-sm btn-link p-0 org-toggle', 'aria-label': isOpen ? '收起' : '展开',
              onClick: () => toggle(n.id) }, h('i', { class: 'bi ' + (isOpen ? 'bi-caret-down-fill' : 'bi-caret-right-fill') })) : h('span', { class: 'org-toggle' }),
            h('button', { type: 'button', class: 'btn btn-sm btn-link org-name text-start', 'data-org': n.name, onClick: () => pick(n) },
              [n.name, h('span', { class: 'text-muted small ms-1' }, label(orgLevel, n.level))]),
          ]),
          kids.length && isOpen ? branch(kids, q) : null,
        ]);
      }));
    }
    return () => h('div', { class: 'org-picker position-relative', id: props.id }, [
      h('div', { class: 'input-group' }, [
        h('button', { type: 'button', class: 'form-control text-start org-picker-toggle', onClick: () => { open.value = !open.value; } },
          selected.value ? selected.value.name : h('span', { class: 'text-muted' }, props.placeholder)),
        props.clearable && props.modelValue ? h('button', { type: 'button', class: 'btn btn-outline-secondary', 'aria-label': '清除',
          onClick: () => pick(null) }, h('i', { class: 'bi bi-x' })) : null,
      ]),
      open.value ? h('div', { class: 'org-panel card shadow' }, h('div', { class: 'card-body p-2' }, [
        h('input', { class: 'form-control form-control-sm mb-2 org-search', placeholder: '按名称查找', value: text.value,
          onInput: e => { text.value = e.target.value.trim(); } }),
        h('div', { class: 'org-scroll' }, tree.value.length ? branch(tree.value, text.value) : h('p', { class: 'text-muted small' }, '加载中…')),
      ])) : null,
    ]);
  },
};
