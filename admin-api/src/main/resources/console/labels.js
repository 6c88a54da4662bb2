// The one place where codes of the API become Chinese words on screen. A code with no entry shows
// as 「未知」 rather than raw, and the browser test fails on any raw code it finds.

export const caseStatus = {
  SUBMITTED: '待签收', TRANSFERRED: '已改派', RETURNED: '已退回', ACCEPTED: '已签收', REVIEW: '待审核',
  REPLIED: '已答复', AWAITING_RATING: '待评价', REOPENED: '重新办理', RATED: '已评价', SEALED: '已办结',
};

/** Bootstrap colour of a status badge. */
export const caseStatusTone = {
  SUBMITTED: 'danger', TRANSFERRED: 'warning', RETURNED: 'warning', ACCEPTED: 'primary', REVIEW: 'info',
  REPLIED: 'primary', AWAITING_RATING: 'secondary', REOPENED: 'danger', RATED: 'success', SEALED: 'success',
};

export const timelineKind = {
  SUBMITTED: '职工提交求助', ACCEPTED: '签收', TRANSFERRED: '改派', RETURNED: '退回',
  REVIEW_REQUESTED: '答复待上级审核', REVIEW_APPROVED: '审核通过', REVIEW_REJECTED: '审核驳回',
  REPLIED: '答复职工', DELIVERED: '答复已送达', DELIVERY_FAILED: '答复发送失败', DELIVERY_UNCERTAIN: '答复可能未送达',
  AWAITING_RATING: '等待职工评价',
  REOPENED: '职工不满意，重新办理', RATED: '职工评价', SEALED: '办结归档', FOLLOW_UP: '职工补充',
  SUPERVISED: '上级督办', PHONE_ANSWERED: '电话答复', PHONE_NOTE: '通知职工已电话答复',
};

export const rating = { SATISFIED: '满意', FAIRLY_SATISFIED: '基本满意', UNSATISFIED: '不满意' };

/** Who the timeline names: the worker, the system, or a console user by login name. */
export function actor(name) {
  return { worker: '职工', system: '系统' }[name] || name;
}

export const role = { SUPER_ADMIN: '超级管理员', ORG_ADMIN: '单位管理员', INFORMANT: '信息员', AUDITOR: '审计员' };

export const orgLevel = { PROVINCE: '省级', CITY: '市级', COUNTY: '县（区）级', TOWN: '乡镇（街道）', GRASSROOTS: '基层（社区/企业）' };

/** The level a child of an org of this level has. */
export const nextLevel = { PROVINCE: 'CITY', CITY: 'COUNTY', COUNTY: 'TOWN', TOWN: 'GRASSROOTS' };

export const deliveryVia = { CUSTOM: '客服消息', TEMPLATE: '模板消息', SUBSCRIBE: '订阅通知' };

export const deliveryStatus = { SENT: '已送达', PENDING: '待发送', FAILED: '发送失败', UNCERTAIN: '不确定是否送达' };

export const alertKind = { REMINDER: '到期提醒', ESCALATION: '超期督办', SUPERVISION: '督办意见' };

export const alertStatus = { PENDING: '待发送', SENT: '已送达', CONSOLE_ONLY: '仅后台显示（未绑定微信）', FAILED: '发送失败',
  UNCERTAIN: '不确定是否送达（不再自动重发）' };

export const dayType = { HOLIDAY: '休息日', WORKDAY: '调休上班' };

export const daySource = { OFFICIAL: '官方', ADMIN: '管理员' };

export const mediaType = { image: '图片', voice: '语音', video: '视频' };

/** Where an attachment is: being fetched from WeChat's temporary media, kept, or lost. */
export const attachmentStatus = { PENDING: '获取中', STORED: '已保存', EXPIRED: '已过期（微信临时素材超过3天）', FAILED: '获取失败' };

export const attachmentStatusTone = { PENDING: 'secondary', STORED: 'success', EXPIRED: 'warning', FAILED: 'danger' };

export const attachmentSource = { INTAKE: '求助时发送', FOLLOW_UP: '补充时发送' };

export const rankBy = { onTimeRate: '按期办结率', satisfactionRate: '满意率' };

export const enrollmentStatus = { DRAFT: '填写中', SUBMITTED: '待审核', APPROVED: '已通过', REJECTED: '已驳回', CANCELLED: '已取消' };

export const enrollmentStatusTone = { DRAFT: 'secondary', SUBMITTED: 'warning', APPROVED: 'success', REJECTED: 'danger', CANCELLED: 'secondary' };

// How the worker's notice of the review decision went (EnrollmentView.noticeStatus).
export const enrollmentNotice = { PENDING: '通知待发送', SENT: '已通知', FAILED: '通知失败', UNCERTAIN: '可能未送达（不再自动重发）' };

export const enrollmentNoticeTone = { PENDING: 'secondary', SENT: 'success', FAILED: 'danger', UNCERTAIN: 'warning' };

export const importStatus = { RUNNING: '导入中', DONE: '已完成', FAILED: '未导入（有错误行）' };

export const campaignStatus = { OPEN: '进行中', PAUSED: '已暂停', CLOSED: '已结束' };

export const campaignStatusTone = { OPEN: 'success', PAUSED: 'warning', CLOSED: 'secondary' };

export const voteChannel = { WX: '公众号消息', H5: '投票页面' };

export const flagReason = { BURST: '短时间内集中投给同一候选人' };

export const voteReview = { FRAUD: '认定作弊', GENUINE: '认定正常' };

export const voteReviewTone = { FRAUD: 'danger', GENUINE: 'success' };

export const auditAction = {
  'auth.login': '登录', 'auth.login-failed': '登录失败', 'auth.logout': '退出登录', 'auth.password-changed': '修改密码',
  'case.read': '查看求助', 'case.accepted': '签收求助', 'case.replied': '答复求助', 'case.transferred': '改派求助',
  'case.returned': '退回求助', 'case.review-approved': '审核通过', 'case.review-rejected': '审核驳回',
  'case.supervised': '督办', 'case.exported': '导出求助', 'case.seal-verified': '校验归档哈希链',
  'case.mobile-revealed': '查看职工手机号', 'case.phone-answered': '电话答复', 'case.attachment-read': '查看求助附件',
  'template.created': '新增常用语', 'template.updated': '修改常用语', 'template.deleted': '删除常用语',
  'org.created': '创建单位', 'org.updated': '修改单位',
  'user.created': '创建账号', 'user.disabled': '停用账号', 'user.enabled': '启用账号', 'user.password-reset': '重置密码',
  'member.created': '登记会员', 'member.updated': '修改会员', 'member.deleted': '删除会员', 'member.read': '查看会员',
  'member.listed': '查询会员', 'member.id-number-revealed': '查看完整身份证号',
  'calendar.day-set': '设置日历', 'calendar.day-cleared': '删除日历设置',
  'staff.wechat-binding-code': '获取微信绑定码', 'staff.wechat-unbound': '解除微信绑定',
  'sla.sweep': '立即执行提醒扫描', 'wechat.menu-pushed': '推送公众号菜单',
  'enrollment.listed': '查询入会申请', 'enrollment.read': '查看入会申请', 'enrollment.approved': '入会审核通过',
  'enrollment.rejected': '入会审核驳回', 'enrollment.supervised': '督办入会申请', 'member.card-checked': '核验会员卡', 'qrcode.created': '生成入会二维码',
  'register.import-started': '导入企业法人库',
  'campaign.created': '创建投票活动', 'campaign.updated': '修改投票活动', 'campaign.paused': '暂停投票',
  'campaign.resumed': '恢复投票', 'campaign.closed': '结束投票活动', 'campaign.results-exported': '导出投票结果',
  'campaign.recounted': '核对投票计数', 'candidate.created': '添加候选人', 'candidate.updated': '修改候选人',
  'candidate.photo-uploaded': '上传候选人照片', 'vote.reviewed': '审核异常票',
};

export const auditTarget = { case: '求助', org: '单位', user: '账号', member: '会员', calendar: '日历', enrollment: '入会申请',
  qrcode: '二维码', register_import: '企业法人库导入', 'answer-template': '常用语', campaign: '投票活动', candidate: '候选人',
  vote: '投票' };

/** A label from one of the tables above; never the raw code. */
export function label(table, code) {
  if (code === null || code === undefined || code === '') return '—';
  return table[code] ?? '未知';
}

// Times arrive as ISO-8601 with the Shanghai offset; shown as the office reads them.
export function minutes(iso) {
  return iso ? iso.substring(0, 16).replace('T', ' ') : '—';
}

export function seconds(iso) {
  return iso ? iso.substring(0, 19).replace('T', ' ') : '—';
}

export function percent(v) {
  return v === null || v === undefined ? '—' : (v * 100).toFixed(1) + '%';
}

/** Today in Shanghai as YYYY-MM-DD, whatever zone the browser is in (periods are Shanghai dates). */
export function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

export function daysBefore(date, n) {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().substring(0, 10);
}

const authOutcome = { 'auth.bad-credentials': '用户名或密码错误', 'auth.locked': '账号已锁定', 'auth.disabled': '账号已停用' };

/**
 * The audit log's detail column as a person reads it. The server records it tersely (codes, ids,
 * key=value); known codes become their labels and the few fixed phrasings become Chinese.
 */
export function auditDetail(detail) {
  if (!detail) return '—';
  let s = detail;
  const rules = [
    [/^to org (\d+)$/, '改派至单位（编号 $1）'],
    [/^intact, (\d+) sealed$/, '完整，共 $1 件'],
    [/^broken: /, '发现问题：'],
    [/^(\d+) ms$/, '用时 $1 毫秒'],
    [/^skipped$/, '未执行（其他节点正在扫描）'],
    [/^count=(\d+), by id number$/, '$1 条（按身份证号查询）'],
    [/^count=(\d+)$/, '$1 条'],
    [/^member (\S+)$/, '会员编号 $1'],
    [/^permanent, org (\d+)$/, '永久二维码，单位编号 $1'],
    [/^temporary, org (\d+)$/, '临时二维码，单位编号 $1'],
    [/^name=(.*), requiresReview=true$/, '名称：$1；答复需上级审核：是'],
    [/^name=(.*), requiresReview=false$/, '名称：$1；答复需上级审核：否'],
    [/^attachment (\d+)$/, '附件编号 $1'],
    [/^called at now, note /, '通话时间：记录时；通知职工：'],
    [/^called at (\S+), note /, (m, t) => '通话时间：' + t.replace('T', ' ').substring(0, 16) + '；通知职工：'],
    [/^matches=true, rebuilt$/, '计数与流水一致（已重建）'], [/^matches=true$/, '计数与流水一致'],
    [/^matches=false, rebuilt$/, '计数与流水不一致（已重建）'], [/^matches=false$/, '计数与流水不一致'],
    [/^FRAUD$/, '认定作弊'], [/^GENUINE$/, '认定正常'],
    [/^null~null/, '本月'],
    [/ status=([A-Z_]+)/, (m, c) => '，状态：' + label(caseStatus, c)],
    [/ overdue=true/, '，已超期'], [/ overdue=false/, '，未超期'],
    [/ category=(\d+)/, '，类别编号 $1'],
    [/ q$/, '，按关键词搜索'],
    [/ null$/, ''],
    [/~/, ' 至 '],
  ];
  for (const [pattern, to] of rules) s = s.replace(pattern, to);
  const codes = { ...caseStatus, ...role, ...deliveryVia, ...deliveryStatus, ...dayType, ...alertKind, ...authOutcome };
  return s.replace(/\b[A-Z][A-Z_]{2,}\b|\bauth\.[a-z-]+/g, c => codes[c] || c).replace(/\//g, '，');
}
