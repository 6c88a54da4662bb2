// 工作日历: a year's holidays and make-up workdays; the super-admin sets or deletes a day (open
// cases whose deadline the day touches get their due time computed again).
import { h, reactive, onMounted } from '../lib.js';
import { get, api, session } from '../api.js';
import { run } from '../parts/toasts.js';
import { DataTable } from '../parts/data-table.js';
import { field, heading, badge } from '../parts/forms.js';
import { dayType, daySource, label, today } from '../labels.js';

export default {
  name: 'CalendarScreen',
  setup() {
    const state = reactive({ year: Number(today().substring(0, 4)), days: [], missing: [], official: true });
    const form = reactive({ date: '', type: 'HOLIDAY', name: '', error: '' });
    const editor = () => session.me.role === 'SUPER_ADMIN';
    async function load() {
      const y = await get('/calendar/years/' + state.year);
      state.days = y.days;
      state.official = !y.officialDataMissing;
      state.missing = (await get('/calendar/status')).missingYears;
    }
    onMounted(() => run(load));
    async function save(e) {
      e.preventDefault();
      form.error = '';
      try {
        await api('PUT', '/calendar/days/' + form.date, { type: form.type, name: form.name });
        run(load, '已保存 ' + form.date);
      } catch (err) { form.error = err.message; }
    }
    async function remove(d) {
      if (!confirm('删除 ' + d.date + ' 的设置后，该日按周一至周五规则计算。确定删除吗？')) return;
      await run(() => api('DELETE', '/calendar/days/' + d.date), '已删除 ' + d.date + ' 的设置');
      await run(load);
    }
    const columns = () => [
      { title: '日期', key: 'date' },
      { title: '类型', render: d => badge(label(dayType, d.type), d.type === 'HOLIDAY' ? 'danger' : 'primary') },
      { title: '名称', key: 'name' }, { title: '来源', render: d => label(daySource, d.source) },
      ...(editor() ? [{ title: '操作', render: d => h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm day-delete',
        'data-date': d.date, onClick: () => remove(d) }, '删除') }] : []),
    ];
    return () => h('div', [
      heading('工作日历'),
      state.missing.length ? h('div', { class: 'alert alert-warning', id: 'calendar-warning' },
        state.missing.join('、') + ' 年尚无国务院公布的节假日安排，期限暂按周一至周五计算；公布后请录入。') : null,
      h('div', { class: 'row g-3' }, [
        h('div', { class: editor() ? 'col-lg-8' : 'col-12' }, [
          h('div', { class: 'd-flex align-items-center gap-2 mb-2' }, [
            h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', 'aria-label': '上一年', onClick: () => { state.year--; run(load); } },
              h('i', { class: 'bi bi-chevron-left' })),
            h('strong', { id: 'calendar-year' }, state.year + ' 年'),
            h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', 'aria-label': '下一年', onClick: () => { state.year++; run(load); } },
              h('i', { class: 'bi bi-chevron-right' })),
            state.official ? null : badge('缺少官方数据', 'warning'),
          ]),
          h(DataTable, { id: 'calendar-days', rowKey: 'date', columns: columns(), rows: state.days }),
        ]),
        editor() ? h('div', { class: 'col-lg-4' }, h('form', { class: 'card', id: 'day-form', onSubmit: save }, h('div', { class: 'card-body' }, [
          h('h3', { class: 'h6' }, '设置某一天'),
          field('日期', form, 'date', { type: 'date', props: { required: true, id: 'day-date' } }),
          field('类型', form, 'type', { type: 'select', props: { id: 'day-type' }, options: Object.entries(dayType) }),
          field('名称', form, 'name', { props: { id: 'day-name', maxlength: 64, placeholder: '如：春节' } }),
          h('p', { class: 'text-danger small', role: 'alert' }, form.error),
          h('button', { type: 'submit', class: 'btn btn-union', id: 'day-save' }, '保存'),
        ]))) : null,
      ]),
    ]);
  },
};
