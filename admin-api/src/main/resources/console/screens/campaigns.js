// 投票评选: the campaigns of the caller's subtree with their state and rules; create one, pause,
// resume or close it (closing freezes the results), and open one to manage its candidates.
import { h, reactive, onMounted } from '../lib.js';
import { get, post, query } from '../api.js';
import { run } from '../parts/toasts.js';
import { DataTable, Pager } from '../parts/data-table.js';
import { heading, badge } from '../parts/forms.js';
import { CampaignForm } from '../parts/campaign-form.js';
import { campaignStatus, campaignStatusTone, label, minutes } from '../labels.js';
import { go } from '../router.js';

/** The buttons that move a campaign, shown by its state. */
export function moveButtons(c, moved) {
  const act = (path, text, done, ask) => async () => {
    if (ask && !window.confirm(ask)) return;
    const r = await run(() => post('/campaigns/' + c.id + '/' + path), done);
    if (r) moved(r);
  };
  const b = (cls, icon, text, onClick, id) => h('button', { type: 'button', class: 'btn btn-sm ' + cls + ' campaign-' + id,
    'data-id': c.id, onClick }, [h('i', { class: 'bi bi-' + icon + ' me-1' }), text]);
  if (c.status === 'CLOSED') return [];
  return [
    c.status === 'OPEN' ? b('btn-outline-warning', 'pause-circle', '暂停', act('pause', '暂停', '投票已暂停'), 'pause')
      : b('btn-outline-success', 'play-circle', '恢复', act('resume', '恢复', '投票已恢复'), 'resume'),
    b('btn-outline-danger', 'stop-circle', '结束', act('close', '结束', '活动已结束，结果已冻结',
      '结束后不再计票，结果以此刻为准，且不能恢复。确定结束“' + c.title + '”？'), 'close'),
  ];
}

export function statusBadge(c) {
  const text = label(campaignStatus, c.status) + (c.status === 'OPEN' && !c.openNow ? '（不在投票时间内）' : '');
  return badge(text, campaignStatusTone[c.status]);
}

export default {
  name: 'CampaignsScreen',
  setup() {
    const state = reactive({ items: [], total: 0, page: 1, size: 20, creating: false });
    async function load() {
      const page = await get('/campaigns' + query({ page: state.page, size: state.size }));
      state.items = page.items;
      state.total = page.total;
    }
    onMounted(() => run(load));
    const reload = () => run(load);

    const columns = [
      { title: '活动名称', render: c => h('a', { href: '#/campaigns/' + c.id, class: 'campaign-link', 'data-id': c.id }, c.title) },
      { title: '状态', render: statusBadge },
      { title: '投票时间', render: c => minutes(c.startAt) + ' 至 ' + minutes(c.endAt) },
      { title: '规则', render: c => '每人每天 ' + c.votesPerVoterPerDay + ' 票，同一人 ' + c.votesPerCandidatePerDay + ' 票'
        + (c.membersOnly ? '；仅会员' : '') },
      { title: '操作', render: c => h('div', { class: 'd-flex gap-1 flex-wrap' }, [
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-primary campaign-open', 'data-id': c.id,
          onClick: () => go('campaigns/' + c.id) }, [h('i', { class: 'bi bi-people me-1' }), '候选人与结果']),
        ...moveButtons(c, reload),
      ]) },
    ];

    return () => h('div', [
      heading('投票评选', h('button', { type: 'button', class: 'btn btn-union', id: 'campaign-new',
        onClick: () => { state.creating = true; } }, [h('i', { class: 'bi bi-plus-lg me-1' }), '新建活动'])),
      h('p', { class: 'text-muted small' }, '职工在公众号发送“投票 编号”或从菜单打开投票页面投票；每票先计入实时计数，随即写入投票流水。'),
      h(DataTable, { id: 'campaign-list', columns, rows: state.items, empty: '还没有投票活动' }),
      h(Pager, { page: state.page, size: state.size, total: state.total, onGo: p => { state.page = p; run(load); } }),
      h(CampaignForm, { show: state.creating, campaign: null, onClose: () => { state.creating = false; },
        onSaved: c => { state.creating = false; go('campaigns/' + c.id); } }),
    ]);
  },
};
