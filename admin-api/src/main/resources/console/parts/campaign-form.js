// The dialog that creates or edits a 投票 campaign: title, description, the window (Shanghai time),
// the votes per voter and per candidate per day, who may vote, and the burst threshold.
import { h, reactive, watch } from '../lib.js';
import { api } from '../api.js';
import { run } from './toasts.js';
import { Modal } from './modal.js';
import { field } from './forms.js';

/** ISO instant with offset → the value of a datetime-local input in Shanghai time. */
export function localInput(iso) {
  return iso ? iso.substring(0, 16) : '';
}

/** A datetime-local value (Shanghai) → ISO-8601 with the +08:00 offset. */
function instant(local) {
  return local ? local + ':00+08:00' : null;
}

function blank() {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  const start = d.toISOString().substring(0, 11) + '00:00';
  const end = new Date(d.getTime() + 14 * 86400 * 1000).toISOString().substring(0, 11) + '23:59';
  return { title: '', description: '', startAt: start, endAt: end, votesPerVoterPerDay: '3', votesPerCandidatePerDay: '1',
    membersOnly: 'false', burstPerMinute: '60' };
}

export const CampaignForm = {
  name: 'CampaignForm',
  props: { show: Boolean, campaign: Object },
  emits: ['close', 'saved'],
  setup(props, { emit }) {
    const f = reactive({ ...blank(), busy: false });
    watch(() => [props.show, props.campaign], () => {
      const c = props.campaign;
      Object.assign(f, c ? { title: c.title, description: c.description || '', startAt: localInput(c.startAt),
        endAt: localInput(c.endAt), votesPerVoterPerDay: String(c.votesPerVoterPerDay),
        votesPerCandidatePerDay: String(c.votesPerCandidatePerDay), membersOnly: String(c.membersOnly),
        burstPerMinute: String(c.burstPerMinute) } : blank());
    }, { immediate: true });

    async function save(e) {
      e.preventDefault();
      f.busy = true;
      const body = { title: f.title.trim(), description: f.description.trim() || null, startAt: instant(f.startAt),
        endAt: instant(f.endAt), votesPerVoterPerDay: Number(f.votesPerVoterPerDay),
        votesPerCandidatePerDay: Number(f.votesPerCandidatePerDay), membersOnly: f.membersOnly === 'true',
        burstPerMinute: Number(f.burstPerMinute) };
      const c = props.campaign;
      const saved = await run(() => c ? api('PATCH', '/campaigns/' + c.id, body) : api('POST', '/campaigns', body),
        c ? '活动已保存' : '投票活动已创建');
      f.busy = false;
      if (saved) emit('saved', saved);
    }

    return () => h(Modal, { show: props.show, title: props.campaign ? '修改投票活动' : '新建投票活动', id: 'campaign-dialog', size: 'lg',
      onClose: () => emit('close') }, {
      default: () => h('form', { id: 'campaign-form', onSubmit: save }, h('div', { class: 'row g-2' }, [
        field('活动名称', f, 'title', { col: 'col-12', props: { id: 'campaign-title', required: true, maxlength: 128,
          placeholder: '如：2026年度最美职工评选' } }),
        field('活动说明', f, 'description', { col: 'col-12', type: 'textarea', props: { id: 'campaign-description', maxlength: 2000 } }),
        field('开始时间', f, 'startAt', { col: 'col-12 col-md-6', type: 'datetime-local', props: { id: 'campaign-start', required: true } }),
        field('结束时间', f, 'endAt', { col: 'col-12 col-md-6', type: 'datetime-local', props: { id: 'campaign-end', required: true } }),
        field('每人每天可投票数', f, 'votesPerVoterPerDay', { col: 'col-6 col-md-3', type: 'number',
          props: { id: 'campaign-per-day', min: 1, max: 1000, required: true } }),
        field('每人每天可投同一人', f, 'votesPerCandidatePerDay', { col: 'col-6 col-md-3', type: 'number',
          props: { id: 'campaign-per-candidate', min: 1, max: 1000, required: true } }),
        field('谁可以投票', f, 'membersOnly', { col: 'col-6 col-md-3', type: 'select', props: { id: 'campaign-members-only' },
          options: [['false', '所有职工'], ['true', '仅已认证会员']] }),
        field('异常票阈值（每分钟）', f, 'burstPerMinute', { col: 'col-6 col-md-3', type: 'number',
          props: { id: 'campaign-burst', min: 1, required: true } }),
        h('p', { class: 'small text-muted col-12 mb-0' },
          '时间为北京时间。同一候选人一分钟内得票超过阈值时，超出的票标为异常、不计入结果，留待审核。不得以关注公众号作为投票条件。'),
      ])),
      footer: () => [
        h('button', { type: 'button', class: 'btn btn-outline-secondary', onClick: () => emit('close') }, '取消'),
        h('button', { type: 'submit', form: 'campaign-form', class: 'btn btn-union', id: 'campaign-save', disabled: f.busy }, '保存'),
      ],
    });
  },
};
