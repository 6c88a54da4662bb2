// A campaign's results: the ranking (counted votes, the flagged ones beside them) as a table and an
// ECharts bar chart, refreshed every 5 s while the campaign runs; CSV export; the recount against
// the ledger; and the review list of flagged votes (认定正常 / 认定作弊; neither changes the count).
import { h, reactive, ref, onMounted, onUnmounted, nextTick } from '../lib.js';
import { get, post, query, download } from '../api.js';
import { run } from './toasts.js';
import { DataTable, Pager } from './data-table.js';
import { badge } from './forms.js';
import { flagReason, voteChannel, voteReview, voteReviewTone, label, seconds } from '../labels.js';

const RED = '#c62828';
const SHOWN = 20;

export const VoteResults = {
  name: 'VoteResults',
  props: { campaign: Object },
  setup(props) {
    const id = props.campaign.id;
    const state = reactive({ rows: [], flagged: [], total: 0, page: 1, size: 20, recount: null, updated: '' });
    const el = ref(null);
    let chart = null;
    let echarts = null;
    let timer = null;

    async function draw() {
      if (!echarts) echarts = await import('/webjars/echarts/dist/echarts.esm.min.js');
      await nextTick();
      if (!el.value) return;
      if (!chart || chart.getDom() !== el.value) chart = echarts.init(el.value, null, { renderer: 'canvas' });
      const top = state.rows.slice(0, SHOWN).reverse();
      chart.setOption({
        color: [RED, '#9e9e9e'], tooltip: { trigger: 'axis', renderMode: 'richText' }, legend: { top: 0 },
        grid: { left: 8, right: 24, top: 30, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: top.map(r => r.number + '号 ' + r.name), axisLabel: { width: 110, overflow: 'truncate' } },
        series: [{ name: '得票', type: 'bar', stack: 'all', data: top.map(r => r.votes) },
          { name: '异常待审核', type: 'bar', stack: 'all', data: top.map(r => r.flagged) }],
      }, true);
    }
    async function loadResults() {
      state.rows = await get('/campaigns/' + id + '/results');
      state.updated = new Date().toLocaleTimeString('zh-CN', { hour12: false });
      await draw();
    }
    async function loadFlagged() {
      const page = await get('/campaigns/' + id + '/flagged' + query({ page: state.page, size: state.size }));
      state.flagged = page.items;
      state.total = page.total;
    }
    const load = () => Promise.all([loadResults(), loadFlagged()]);
    async function review(v, verdict) {
      const done = await run(() => post('/campaigns/' + id + '/flagged/' + v.id + '/review', { verdict }),
        label(voteReview, verdict) + '：已记录');
      if (done !== undefined) await run(loadFlagged);
    }
    async function recount() {
      const r = await run(() => post('/campaigns/' + id + '/recount'));
      if (r) state.recount = r;
    }
    const resize = () => chart && chart.resize();
    onMounted(() => {
      run(load);
      if (props.campaign.status !== 'CLOSED') timer = setInterval(() => run(loadResults), 5000);
      window.addEventListener('resize', resize);
    });
    onUnmounted(() => {
      clearInterval(timer);
      window.removeEventListener('resize', resize);
      if (chart) chart.dispose();
    });

    const columns = [
      { title: '名次', render: r => String(state.rows.indexOf(r) + 1) },
      { title: '编号', key: 'number' }, { title: '姓名', key: 'name' }, { title: '单位', key: 'unit' },
      { title: '得票', render: r => h('strong', { class: 'result-votes', 'data-number': r.number }, String(r.votes)) },
      { title: '异常待审核', render: r => String(r.flagged) },
    ];
    const flaggedColumns = [
      { title: '时间', render: v => seconds(v.castAt) },
      { title: '候选人', render: v => v.number + '号 ' + v.name },
      { title: '投票人（标识）', render: v => h('code', v.voter + '…') },
      { title: '渠道', render: v => label(voteChannel, v.channel) },
      { title: '原因', render: v => label(flagReason, v.reason) },
      { title: '审核', render: v => v.review ? badge(label(voteReview, v.review), voteReviewTone[v.review]) : h('div', { class: 'd-flex gap-1 flex-wrap' }, [
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-success vote-genuine', 'data-id': v.id,
          onClick: () => review(v, 'GENUINE') }, '认定正常'),
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-danger vote-fraud', 'data-id': v.id,
          onClick: () => review(v, 'FRAUD') }, '认定作弊'),
      ]) },
    ];

    return () => {
      const rc = state.recount;
      const total = state.rows.reduce((s, r) => s + r.votes, 0);
      return h('div', { id: 'vote-results' }, [
        h('div', { class: 'd-flex align-items-center flex-wrap gap-2 mb-2' }, [
          h('span', { class: 'me-auto', id: 'results-total' }, '共 ' + total + ' 票' + (props.campaign.status === 'CLOSED'
            ? '（活动已结束，结果已冻结）' : state.updated ? '（' + state.updated + ' 更新，每5秒刷新）' : '')),
          h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', id: 'results-recount', onClick: recount },
            [h('i', { class: 'bi bi-check2-all me-1' }), '核对计数']),
          h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', id: 'results-csv',
            onClick: () => run(() => download('/campaigns/' + id + '/results.csv', '投票结果-' + props.campaign.title + '.csv')) },
            [h('i', { class: 'bi bi-download me-1' }), '导出结果']),
        ]),
        rc ? h('div', { class: 'alert py-2 ' + (rc.matches ? 'alert-success' : 'alert-danger'), id: 'recount-result' },
          (rc.matches ? '实时计数与投票流水一致' : '实时计数与投票流水不一致') + '：流水 ' + rc.ledgerVotes + ' 票，实时 ' + rc.liveVotes + ' 票'
            + '（异常票：流水 ' + rc.ledgerFlagged + '，实时 ' + rc.liveFlagged + '）') : null,
        h('div', { class: 'row g-3' }, [
          h('div', { class: 'col-lg-6' }, h('div', { class: 'card' }, h('div', { class: 'card-body' }, [
            h('h4', { class: 'h6' }, '得票排行（前' + SHOWN + '名）'), h('div', { class: 'chart chart-tall', id: 'chart-votes', ref: el })]))),
          h('div', { class: 'col-lg-6' }, h(DataTable, { id: 'result-list', rowKey: 'candidateId', columns, rows: state.rows, empty: '还没有候选人' })),
        ]),
        h('h3', { class: 'h5 mt-4' }, '异常票审核'),
        h('p', { class: 'small text-muted' }, '异常票不计入得票；审核结论记入审计日志，供评审参考。'),
        h(DataTable, { id: 'flagged-list', columns: flaggedColumns, rows: state.flagged, empty: '没有异常票' }),
        h(Pager, { page: state.page, size: state.size, total: state.total, onGo: p => { state.page = p; run(loadFlagged); } }),
      ]);
    };
  },
};
