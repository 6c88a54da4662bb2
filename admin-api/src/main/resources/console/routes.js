// Every screen of the console: adding one is its file under screens/ plus one line here.
// path: the hash path (":id" is a parameter); menu: the left menu's title (none: not in the menu);
// icon: a Bootstrap Icons name; roles: who may open it (none: everybody).
const CASE_ROLES = ['SUPER_ADMIN', 'ORG_ADMIN', 'INFORMANT'];
const ENROLL_ROLES = ['SUPER_ADMIN', 'ORG_ADMIN'];

export const routes = [
  { path: 'cases', menu: '求助件', icon: 'inbox', roles: CASE_ROLES, screen: () => import('./screens/cases.js') },
  { path: 'cases/:id', title: '求助详情', roles: CASE_ROLES, screen: () => import('./screens/case.js') },
  { path: 'templates', menu: '常用语', icon: 'chat-quote', roles: CASE_ROLES, screen: () => import('./screens/templates.js') },
  { path: 'alerts', menu: '提醒督办', icon: 'bell', roles: CASE_ROLES, screen: () => import('./screens/alerts.js') },
  { path: 'stats', menu: '统计分析', icon: 'bar-chart-line', roles: CASE_ROLES, screen: () => import('./screens/stats.js') },
  { path: 'orgs', menu: '组织架构', icon: 'diagram-3', screen: () => import('./screens/orgs.js') },
  { path: 'users', menu: '账号管理', icon: 'people', roles: ['SUPER_ADMIN', 'ORG_ADMIN'], screen: () => import('./screens/users.js') },
  { path: 'members', menu: '会员档案', icon: 'person-vcard', roles: CASE_ROLES, screen: () => import('./screens/members.js') },
  { path: 'posters', menu: '入会海报', icon: 'qr-code', roles: ENROLL_ROLES, screen: () => import('./screens/posters.js') },
  { path: 'enrollments', menu: '入会审核', icon: 'person-check', roles: ENROLL_ROLES, screen: () => import('./screens/enrollments.js') },
  { path: 'union-building', menu: '建会跟进', icon: 'building-add', roles: ENROLL_ROLES, screen: () => import('./screens/union-building.js') },
  { path: 'funnel', menu: '入会漏斗', icon: 'funnel', roles: ENROLL_ROLES, screen: () => import('./screens/funnel.js') },
  { path: 'register', menu: '企业法人库', icon: 'buildings', roles: ENROLL_ROLES, screen: () => import('./screens/register.js') },
  { path: 'campaigns', menu: '投票评选', icon: 'trophy', roles: ENROLL_ROLES, screen: () => import('./screens/campaigns.js') },
  { path: 'campaigns/:id', title: '投票活动', roles: ENROLL_ROLES, screen: () => import('./screens/campaign.js') },
  { path: 'calendar', menu: '工作日历', icon: 'calendar3', screen: () => import('./screens/calendar.js') },
  { path: 'audit', menu: '审计日志', icon: 'journal-text', roles: ['AUDITOR', 'SUPER_ADMIN', 'ORG_ADMIN'], screen: () => import('./screens/audit.js') },
  { path: 'checks', menu: '校验与任务', icon: 'shield-check', roles: ['SUPER_ADMIN', 'AUDITOR'], screen: () => import('./screens/checks.js') },
  { path: 'account', menu: '我的账号', icon: 'person-gear', screen: () => import('./screens/account.js') },
];
