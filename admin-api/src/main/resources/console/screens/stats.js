// 统计分析: the KPIs of a unit's subtree for a period, received and closed day by day, the child
// units' on-time and satisfaction rates, the categories, and the ranking (ECharts, loaded on demand).
import { h, reactive, ref, onMounted, onUnmounted, nextTick } from '../lib.js';
import { get, query, download, session } from '../api.js';
import { run } from '../parts/toasts.js';
import { DataTable } from '../parts/data-table.js';
import { OrgPicker } from '../parts/org-picker.js';
import { field, labelled, heading, card } from '../parts/forms.js';
import { rankBy, percent, today, daysBefore, label } from '../labels.js';

const RED = '#c62828';
const PALETTE = [RED, '#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457', '#4e342e'];

export default {
  name: 'StatsScreen',
  setup() {
    const t = today();
    const f = reactive({ orgId: session.me.orgId, from: t.substring(0, 8) + '01', to: t, by: 'onTimeRate' });
    const state = reactive({ o: null, daily: null, rank: null });
    const refs = { daily: ref(null), rates: ref(null), cats: ref(null) };
    const charts = {};
    let echarts = null;

    async function draw() {
      if (!echarts) echarts = await import('/webjars/echarts/dist/echarts.esm.min.js');
      await nextTick();
      const o = state.o;
      const option = {
        daily: {
          color: [RED, '#1565c0'], tooltip: { trigger: 'axis', renderMode: 'richText' }, legend: { top: 0 },
          grid: { left: 40, right: 16, top: 36, bottom: 28 },
          xAxis: { type: 'category', data: state.daily.days.map(d => d.day.substring(5)) },
          yAxis: { type: 'value', minInterval: 1 },
          series: [{ name: '受理量', type: 'line', smooth: true, data: state.daily.days.map(d => d.received) },
            { name: '已办结', type: 'line', smooth: true, data: state.daily.days.map(d => d.closed) }],
        },
        rates: {
          color: [RED, '#2e7d32'], tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: v => v === null ? '—' : v + '%' },
          legend: { top: 0 }, grid: { left: 40, right: 16, top: 36, bottom: 64 },
          xAxis: { type: 'category', data: o.children.map(c => c.orgName), axisLabel: { rotate: 30, interval: 0 } },
          yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
          series: [{ name: '按期办结率', type: 'bar', data: o.children.map(c => rate(c.onTimeRate)) },
            { name: '满意率', type: 'bar', data: o.children.map(c => rate(c.satisfactionRate)) }],
        },
        cats: {
          color: PALETTE, tooltip: { trigger: 'item', renderMode: 'richText' }, legend: { type: 'scroll', bottom: 0 },
          series: [{ name: '受理量', type: 'pie', radius: ['35%', '65%'], center: ['50%', '45%'],
            data: Object.entries(o.byCategory || {}).map(([name, value]) => ({ name, value })) }],
        },
      };
      for (const k of Object.keys(refs)) {
        const el = refs[k].value;
        if (!el) continue;
        if (!charts[k] || charts[k].getDom() !== el) charts[k] = echarts.init(el, null, { renderer: 'canvas' });
        charts[k].setOption(option[k], true);
      }
    }
    const rate = v => v === null || v === undefined ? null : Math.round(v * 1000) / 10;

    async function load() {
      const q = query({ orgId: f.orgId, from: f.from, to: f.to });
      const [o, daily, rank] = await Promise.all([get('/stats/overview' + q), get('/stats/daily' + q),
        get('/stats/ranking' + q + '&by=' + f.by)]);
      Object.assign(state, { o, daily, rank });
      await draw();
    }
    function period(from, to) { f.from = from; f.to = to; run(load); }
    const resize = () => Object.values(charts).forEach(c => c.resize());
    onMounted(() => { run(load); window.addEventListener('resize', resize); });
    onUnmounted(() => { window.removeEventListener('resize', resize); Object.values(charts).forEach(c => c.dispose()); });

    const childColumns = [
      { title: '单位', render: c => h('a', { href: '#/stats', onClick: e => { e.preventDefault(); f.orgId = c.orgId; run(load); } }, c.orgName) },
      { title: '受理量', key: 'received' }, { title: '已办结', key: 'closed' },
      { title: '按期办结率', render: c => percent(c.onTimeRate) }, { title: '超期件', key: 'overdue' },
      { title: '满意率', render: c => percent(c.satisfactionRate) },
      { title: '平均答复时长', render: c => c.avgReplyWorkingHours === null ? '—' : c.avgReplyWorkingHours + ' 工作小时' },
    ];

    return () => {
      const o = state.o;
      const q = query({ orgId: f.orgId, from: f.from, to: f.to });
      return h('div', [
        heading('统计分析',
          h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', id: 'stats-csv',
            onClick: () => run(() => download('/stats/overview.csv' + q, '统计-' + f.from + '至' + f.to + '.csv')) },
            [h('i', { class: 'bi bi-download me-1' }), '导出统计']),
          h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', id: 'cases-csv',
            onClick: () => run(() => download('/cases/export.csv' + q, '求助件-' + f.from + '至' + f.to + '.csv')) },
            [h('i', { class: 'bi bi-download me-1' }), '导出求助件'])),
        h('form', { class: 'card card-body mb-3', id: 'stats-filters', onSubmit: e => { e.preventDefault(); run(load); } },
          h('div', { class: 'row g-2 align-items-end' }, [
            labelled('单位', h(OrgPicker, { id: 'stats-org', modelValue: f.orgId, 'onUpdate:modelValue': v => { f.orgId = v || session.me.orgId; } }),
              'col-12 col-md-3'),
            field('开始日期', f, 'from', { col: 'col-6 col-md-2', type: 'date', props: { id: 'stats-from' } }),
            field('结束日期', f, 'to', { col: 'col-6 col-md-2', type: 'date', props: { id: 'stats-to' } }),
            field('排行依据', f, 'by', { col: 'col-6 col-md-2', type: 'select', props: { id: 'stats-rank-by' },
              options: Object.entries(rankBy) }),
            h('div', { class: 'col-6 col-md-3 d-flex gap-1 flex-wrap' }, [
              h('button', { type: 'submit', class: 'btn btn-union', id: 'stats-load' }, '查询'),
              h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', onClick: () => period(daysBefore(today(), 29), today()) }, '近30天'),
              h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', onClick: () => period(today().substring(0, 5) + '01-01', today()) }, '今年'),
            ]),
          ])),
        o ? h('div', [
          h('h3', { class: 'h5', id: 'stats-title' }, o.orgName + '（' + o.from + ' 至 ' + o.to + '）'),
          h('div', { class: 'row g-2 mb-3' }, [
            card('受理量', o.received, 'kpi-received'), card('已办结', o.closed, 'kpi-closed'),
            card('按期办结率', percent(o.onTimeRate), 'kpi-on-time'), card('超期件', o.overdue, 'kpi-overdue'),
            card('满意率', percent(o.satisfactionRate), 'kpi-satisfaction'),
            card('平均答复时长', o.avgReplyWorkingHours === null ? '—' : o.avgReplyWorkingHours + ' 小时', 'kpi-hours', '工作时间'),
          ]),
        ]) : h('p', { class: 'text-muted' }, '加载中…'),
        h('div', { class: 'row g-3' }, [
          h('div', { class: 'col-lg-8' }, h('div', { class: 'card' }, h('div', { class: 'card-body' }, [
            h('h4', { class: 'h6' }, '逐日受理量与已办结（按提交日期）'), h('div', { class: 'chart', id: 'chart-daily', ref: refs.daily })]))),
          h('div', { class: 'col-lg-4' }, h('div', { class: 'card' }, h('div', { class: 'card-body' }, [
            h('h4', { class: 'h6' }, '求助类别'), h('div', { class: 'chart', id: 'chart-categories', ref: refs.cats })]))),
          h('div', { class: 'col-lg-7' }, h('div', { class: 'card' }, h('div', { class: 'card-body' }, [
            h('h4', { class: 'h6' }, '下级单位按期办结率与满意率'), h('div', { class: 'chart', id: 'chart-rates', ref: refs.rates })]))),
          h('div', { class: 'col-lg-5' }, h('div', { class: 'card', id: 'stats-ranking' }, h('div', { class: 'card-body' }, [
            h('h4', { class: 'h6' }, '排行榜（' + label(rankBy, state.rank ? state.rank.by : f.by) + '）'),
            h(DataTable, { rowKey: 'orgId', rows: state.rank ? state.rank.items : [], columns: [
              { title: '名次', key: 'rank' }, { title: '单位', key: 'orgName' },
              { title: label(rankBy, state.rank ? state.rank.by : f.by), render: r => percent(r.value) },
              { title: '受理量', key: 'received' }] }),
          ]))),
        ]),
        o ? h('div', { class: 'mt-3' }, [h('h3', { class: 'h5' }, '下级单位'),
          h(DataTable, { id: 'stats-children', rowKey: 'orgId', columns: childColumns, rows: o.children })]) : null,
        f.orgId !== session.me.orgId ? h('button', { type: 'button', class: 'btn btn-link mt-2',
          onClick: () => { f.orgId = session.me.orgId; run(load); } }, '返回本单位') : null,
      ]);
    };
  },
};
