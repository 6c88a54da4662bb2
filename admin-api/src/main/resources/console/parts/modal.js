// A dialog drawn with Bootstrap's classes but without its script: shown while `show` is true.
import { h } from '../lib.js';

export const Modal = {
  name: 'Modal',
  props: { show: Boolean, title: String, id: String, size: String },
  emits: ['close'],
  setup(props, { emit, slots }) {
    return () => props.show ? h('div', { class: 'modal-layer', id: props.id }, [
      h('div', { class: 'modal-backdrop fade show', onClick: () => emit('close') }),
      h('div', { class: 'modal d-block', role: 'dialog', 'aria-modal': 'true', 'aria-label': props.title },
        h('div', { class: 'modal-dialog modal-dialog-scrollable ' + (props.size ? 'modal-' + props.size : '') },
          h('div', { class: 'modal-content' }, [
            h('div', { class: 'modal-header' }, [h('h5', { class: 'modal-title' }, props.title),
              h('button', { type: 'button', class: 'btn-close', 'aria-label': '关闭', onClick: () => emit('close') })]),
            h('div', { class: 'modal-body' }, slots.default && slots.default()),
            slots.footer ? h('div', { class: 'modal-footer' }, slots.footer()) : null,
          ]))),
    ]) : null;
  },
};
