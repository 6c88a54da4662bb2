// A 投票 campaign: its rules and state (edit, pause, resume, close), the candidates with their
// photos (add, edit, upload and preview a photo), and the live results with the flagged votes.
import { h, reactive, onMounted } from '../lib.js';
import { get, post, api, upload } from '../api.js';
import { run, toast } from '../parts/toasts.js';
import { DataTable } from '../parts/data-table.js';
import { Modal } from '../parts/modal.js';
import { field, heading } from '../parts/forms.js';
import { CampaignForm } from '../parts/campaign-form.js';
import { VoteResults } from '../parts/vote-results.js';
import { moveButtons, statusBadge } from './campaigns.js';
import { minutes } from '../labels.js';
import { current } from '../router.js';

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

export default {
  name: 'CampaignScreen',
  setup() {
    const id = Number(current.params.id);
    const state = reactive({ c: null, candidates: [], tab: 'candidates', editing: false, error: '' });
    const cand = reactive({ show: false, id: null, name: '', unit: '', number: '', story: '', photoUrl: '', busy: false });
    const photo = reactive({ show: false, candidate: null, file: null, preview: null, busy: false });

    async function load() {
      const [c, candidates] = await Promise.all([get('/campaigns/' + id), get('/campaigns/' + id + '/candidates')]);
      state.c = c;
      state.candidates = candidates;
    }
    onMounted(async () => {
      try { await load(); } catch (e) { state.error = e.message; }
    });

    function editCandidate(x) {
      Object.assign(cand, x ? { id: x.id, name: x.name, unit: x.unit || '', number: String(x.number), story: x.story || '',
        photoUrl: x.photoUrl || '' } : { id: null, name: '', unit: '', number: '', story: '', photoUrl: '' }, { show: true });
    }
    async function saveCandidate(e) {
      e.preventDefault();
      cand.busy = true;
      const body = { name: cand.name.trim(), unit: cand.unit.trim() || null, story: cand.story.trim() || null };
      const saved = await run(() => cand.id
        ? api('PATCH', '/campaigns/' + id + '/candidates/' + cand.id, body)
        : post('/campaigns/' + id + '/candidates', { ...body, number: cand.number ? Number(cand.number) : null }),
      cand.id ? '候选人已保存' : '候选人已添加');
      cand.busy = false;
      if (saved) { cand.show = false; await run(load); }
    }

    function choosePhoto(x) {
      closePhoto();
      Object.assign(photo, { show: true, candidate: x, file: null, preview: null });
    }
    function closePhoto() {
      if (photo.preview) URL.revokeObjectURL(photo.preview);
      Object.assign(photo, { show: false, candidate: null, file: null, preview: null });
    }
    function picked(e) {
      const file = e.target.files && e.target.files[0];
      if (photo.preview) URL.revokeObjectURL(photo.preview);
      photo.file = null;
      photo.preview = null;
      if (!file) return;
      if (!PHOTO_TYPES.includes(file.type)) { toast('照片应为 JPEG、PNG 或 WebP 图片', true); return; }
      if (file.size > 2 * 1024 * 1024) { toast('照片不能超过 2 MB', true); return; }
      photo.file = file;
      photo.preview = URL.createObjectURL(file);
    }
    async function sendPhoto() {
      photo.busy = true;
      const saved = await run(() => upload('/campaigns/' + id + '/candidates/' + photo.candidate.id + '/photo', photo.file,
        photo.file.type), '照片已上传');
      photo.busy = false;
      if (saved) { closePhoto(); await run(load); }
    }

    const thumb = x => x.photoUrl
      ? h('img', { src: x.photoUrl, class: 'candidate-photo', alt: x.name + '的照片', 'data-id': x.id })
      : h('span', { class: 'candidate-photo candidate-photo-none' }, h('i', { class: 'bi bi-person' }));
    const closed = () => state.c && state.c.status === 'CLOSED';
    const columns = [
      { title: '编号', key: 'number' },
      { title: '照片', render: thumb },
      { title: '姓名', key: 'name' },
      { title: '单位', key: 'unit' },
      { title: '事迹', render: x => x.story ? (x.story.length > 40 ? x.story.substring(0, 40) + '…' : x.story) : '—' },
      { title: '操作', render: x => closed() ? '—' : h('div', { class: 'd-flex gap-1 flex-wrap' }, [
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-primary candidate-edit', 'data-number': x.number,
          onClick: () => editCandidate(x) }, [h('i', { class: 'bi bi-pencil me-1' }), '修改']),
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary candidate-photo-upload', 'data-number': x.number,
          onClick: () => choosePhoto(x) }, [h('i', { class: 'bi bi-image me-1' }), '照片']),
      ]) },
    ];

    const tab = (key, text) => h('li', { class: 'nav-item' }, h('button', { type: 'button', id: 'tab-' + key,
      class: 'nav-link' + (state.tab === key ? ' active' : ''), onClick: () => { state.tab = key; } }, text));

    return () => {
      const c = state.c;
      if (!c) return h('p', { class: state.error ? 'text-danger' : 'text-muted', id: 'campaign-missing' }, state.error || '加载中…');
      return h('div', { id: 'campaign' }, [
        heading(c.title,
          h('a', { href: '#/campaigns', class: 'btn btn-sm btn-link' }, '返回活动列表'),
          closed() ? null : h('button', { type: 'button', class: 'btn btn-sm btn-outline-primary', id: 'campaign-edit',
            onClick: () => { state.editing = true; } }, [h('i', { class: 'bi bi-gear me-1' }), '修改规则']),
          ...moveButtons(c, r => { state.c = r; })),
        h('p', { class: 'mb-2', id: 'campaign-state' }, [statusBadge(c), ' ', minutes(c.startAt) + ' 至 ' + minutes(c.endAt),
          '；每人每天 ' + c.votesPerVoterPerDay + ' 票，同一人 ' + c.votesPerCandidatePerDay + ' 票',
          c.membersOnly ? '；仅已认证会员可投' : '；所有职工可投', c.closedAt ? '；结束于 ' + minutes(c.closedAt) : '']),
        c.description ? h('p', { class: 'text-muted small' }, c.description) : null,
        h('p', { class: 'small' }, ['职工投票：发送“投票 编号”，或打开投票页面 ',
          h('code', { id: 'campaign-h5' }, location.origin + '/h5/vote/' + c.id)]),
        h('ul', { class: 'nav nav-tabs mb-3' }, [tab('candidates', '候选人（' + state.candidates.length + '）'), tab('results', '实时结果与异常票')]),
        state.tab === 'candidates' ? h('div', [
          closed() ? null : h('button', { type: 'button', class: 'btn btn-union mb-2', id: 'candidate-new',
            onClick: () => editCandidate(null) }, [h('i', { class: 'bi bi-person-plus me-1' }), '添加候选人']),
          h(DataTable, { id: 'candidate-list', columns, rows: state.candidates, empty: '还没有候选人' }),
        ]) : h(VoteResults, { campaign: c }),
        h(CampaignForm, { show: state.editing, campaign: c, onClose: () => { state.editing = false; },
          onSaved: r => { state.editing = false; state.c = r; } }),
        h(Modal, { show: cand.show, title: cand.id ? '修改候选人' : '添加候选人', id: 'candidate-dialog', onClose: () => { cand.show = false; } }, {
          default: () => h('form', { id: 'candidate-form', onSubmit: saveCandidate }, [
            field('姓名', cand, 'name', { props: { id: 'candidate-name', required: true, maxlength: 64 } }),
            field('单位', cand, 'unit', { props: { id: 'candidate-unit', maxlength: 128 } }),
            cand.id ? h('p', { class: 'small text-muted' }, '编号 ' + cand.number + '（编号不可修改）')
              : field('编号（不填则自动取下一个）', cand, 'number', { type: 'number', props: { id: 'candidate-number', min: 1, max: 999999 } }),
            field('先进事迹', cand, 'story', { type: 'textarea', rows: 5, props: { id: 'candidate-story', maxlength: 4000 } }),
          ]),
          footer: () => [
            h('button', { type: 'button', class: 'btn btn-outline-secondary', onClick: () => { cand.show = false; } }, '取消'),
            h('button', { type: 'submit', form: 'candidate-form', class: 'btn btn-union', id: 'candidate-save', disabled: cand.busy }, '保存'),
          ],
        }),
        h(Modal, { show: photo.show, title: photo.candidate ? '候选人照片：' + photo.candidate.name : '', id: 'photo-dialog', onClose: closePhoto }, {
          default: () => h('div', [
            h('input', { type: 'file', class: 'form-control mb-2', id: 'photo-file', accept: PHOTO_TYPES.join(','), onChange: picked }),
            h('p', { class: 'small text-muted' }, 'JPEG、PNG 或 WebP，不超过 2 MB；建议竖版 3:4。'),
            photo.preview ? h('img', { src: photo.preview, id: 'photo-preview', class: 'img-fluid border', alt: '待上传的照片' })
              : photo.candidate && photo.candidate.photoUrl
                ? h('img', { src: photo.candidate.photoUrl, id: 'photo-current', class: 'img-fluid border', alt: '当前照片' })
                : h('p', { class: 'text-muted' }, '尚未上传照片'),
          ]),
          footer: () => [
            h('button', { type: 'button', class: 'btn btn-outline-secondary', onClick: closePhoto }, '取消'),
            h('button', { type: 'button', class: 'btn btn-union', id: 'photo-save', disabled: !photo.file || photo.busy, onClick: sendPhoto },
              [h('i', { class: 'bi bi-upload me-1' }), '上传']),
          ],
        }),
      ]);
    };
  },
};
