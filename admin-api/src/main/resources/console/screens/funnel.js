// 入会漏斗: for the posters of a unit's subtree, how many scans became started forms, submitted
// applications and members; the sum as an ECharts funnel, each poster in the table.
import { h, reactive, ref, onMounted, onUnmounted, nextTick } from '../lib.js';
import { get, query, session } from '../api.js';
import { run } from '../parts/toasts.js';
import { DataTable } from '../parts/data-table.js';
import { OrgPicker } from '../parts/org-picker.js';
import { labelled, heading, card } from '../parts/forms.js';
import { percent } from '../labels.js';

const STAGES = [['scans', '扫码'], ['started', '开始填写'], ['submitted', '提交申请'], ['approved', '审核通过']];
const COLORS = ['#c62828', '#ef6c00', '#1565c0', '#2e7d32'];
const rate = (a, b) => (b ? a / b : null);

export default {
  name: 'FunnelScreen',
  setup() {
    const f = reactive({ orgId: session.me.orgId });
    const state = reactive({ funnel: null });
    const el = ref(null);
    let chart = null;
    let echarts = null;

    async function draw() {
      if (!echarts) echarts = await import('/webjars/echarts/dist/echarts.esm.min.js');
      await nextTick();
      if (!el.value) return;
      if (!chart) chart = echarts.init(el.value);
      const t = state.funnel.total;
      chart.setOption({
        color: COLORS,
        tooltip: { trigger: 'item', renderMode: 'richText', formatter: p => p.name + '：' + p.value + ' 人' },
        series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', top: 10, bottom: 10, minSize: '8%', gap: 2,
          label: { position: 'inside', formatter: p => p.name + ' ' + p.value },
          data: STAGES.map(([k, name]) => ({ name, value: t[k] })) }],
      }, true);
    }
    async function load() {
      state.funnel = await get('/enrollments/funnel' + query({ orgId: f.orgId }));
      await draw();
    }
    const resize = () => chart && chart.resize();
    onMounted(() => { run(load); window.addEventListener('resize', resize); });
    onUnmounted(() => { window.removeEventListener('resize', resize); if (chart) chart.dispose(); });

    const columns = [
      { title: '海报', key: 'label' },
      ...STAGES.map(([k, name]) => ({ title: name, render: p => String(p.stages[k]) })),
      { title: '扫码→提交', render: p => percent(rate(p.stages.submitted, p.stages.scans)) },
      { title: '提交→通过', render: p => percent(rate(p.stages.approved, p.stages.submitted)) },
    ];

    return () => {
      const fu = state.funnel;
      return h('div', [
        heading('入会漏斗', h('a', { href: '#/posters', class: 'btn btn-outline-secondary btn-sm' }, [h('i', { class: 'bi bi-qr-code me-1' }), '入会海报'])),
        h('form', { class: 'card card-body mb-3', onSubmit: e => { e.preventDefault(); run(load); } },
          h('div', { class: 'row g-2 align-items-end' }, [
            labelled('单位（含下级）', h(OrgPicker, { id: 'funnel-org', modelValue: f.orgId,
              'onUpdate:modelValue': v => { f.orgId = v || session.me.orgId; } }), 'col-12 col-md-4'),
            h('div', { class: 'col-12 col-md-2' }, h('button', { type: 'submit', class: 'btn btn-union', id: 'funnel-load' }, '查询')),
          ])),
        fu ? h('div', { class: 'row g-2 mb-3', id: 'funnel-kpis' }, [
          ...STAGES.map(([k, name]) => card(name, fu.total[k], 'funnel-' + k)),
          card('扫码→提交', percent(rate(fu.total.submitted, fu.total.scans)), 'funnel-conversion'),
          card('提交→通过', percent(rate(fu.total.approved, fu.total.submitted)), 'funnel-approval'),
        ]) : h('p', { class: 'text-muted' }, '加载中…'),
        h('div', { class: 'row g-3' }, [
          h('div', { class: 'col-lg-5' }, h('div', { class: 'card' }, h('div', { class: 'card-body' }, [
            h('h4', { class: 'h6' }, '合计'), h('div', { class: 'chart', id: 'chart-funnel', ref: el })]))),
          h('div', { class: 'col-lg-7' }, h('div', { class: 'card' }, h('div', { class: 'card-body' }, [
            h('h4', { class: 'h6' }, '各海报'),
            h(DataTable, { id: 'funnel-posters', rowKey: 'qrcodeId', columns, rows: fu ? fu.posters : [], empty: '该单位还没有入会海报' })]))),
        ]),
      ]);
    };
  },
};
