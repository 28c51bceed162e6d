// Messages of the web app in zh-CN (default) and English. Pages of other owners add their own with
// registerMessages({ 'zh-CN': {...}, en: {...} }) instead of editing this file.

const LANG_KEY = 'beacon.lang';
export const LANGS = ['zh-CN', 'en'];

const messages = {
  'zh-CN': {
    'app.name': 'Beacon 代理商工作台',
    'nav.home': '首页', 'nav.monitor': '投放', 'nav.mobile': '移动端', 'nav.wall': '大屏',
    'top.switchClient': '切换委托人', 'top.back': '返回代理商视图', 'top.switchAccount': '切换账号',
    'top.logout': '退出登录', 'top.clientView': '委托人视图', 'top.search': '搜索委托人名称、邮箱或 PID',
    'live.live': '实时', 'live.reconnecting': '重连中…', 'live.offline': '离线', 'live.connecting': '连接中…',
    'login.title': '登录', 'login.password': '密码登录', 'login.qr': '扫码登录', 'login.account': '账号',
    'login.secret': '密码', 'login.submit': '登录', 'login.failed': '账号或密码错误',
    'login.qrHint': '使用已登录的手机端扫描二维码并确认', 'login.qrExpired': '二维码已过期，正在刷新…',
    'login.qrUnavailable': '扫码登录暂不可用', 'login.qrScanned': '已扫码，请在手机上确认',
    'login.throttled': '尝试次数过多，请 {s} 秒后再试',
    'ident.title': '选择身份', 'ident.agency': '代理商', 'ident.client': '委托人',
    'home.title': '客户晴雨表', 'home.performance': '效果', 'home.brand': '品牌', 'home.spend': '消耗',
    'home.clientsWithSpend': '有消耗客户数', 'home.arpu': '客户 ARPU', 'home.vsPrev': '环比',
    'home.today': '今天', 'home.yesterday': '昨天', 'home.custom': '自定义', 'home.d7': '近7天', 'home.d30': '近30天',
    'home.trend': '消耗趋势', 'home.top10': '效果客户消耗 Top 10', 'home.more': '更多',
    'home.finance': '财务', 'home.agencyBalance': '账户余额', 'home.available': '可用资金', 'home.frozen': '冻结资金',
    'home.alerts': '实时告警', 'home.noAlerts': '暂无告警', 'home.news': '平台动态', 'home.messages': '消息通知', 'home.noNews': '暂无平台动态',
    'home.noMessages': '暂无消息', 'home.wall': '大屏模式', 'home.allIndustries': '全部行业',
    'home.billing': '按计费时间', 'home.conversion': '按转化时间', 'home.spendDetail': '消耗明细',
    'col.client': '委托人', 'col.balance': '可用余额', 'col.budget': '日预算', 'col.spend': '消耗',
    'col.conversions': '转化数', 'col.cpa': '转化成本', 'col.impressions': '展现', 'col.clicks': '点击',
    'col.ctr': '点击率', 'col.cvr': '转化率', 'col.budgetUsed': '预算使用', 'col.trend': '趋势',
    'col.industry': '行业', 'col.actions': '操作', 'col.cpm': '千次展现成本', 'col.cost': '成本',
    'act.enter': '进入', 'act.ads': '广告', 'act.data': '数据', 'act.budget': '改预算', 'act.transfer': '调账',
    'act.terminate': '解约', 'act.qualification': '资质详情', 'act.editQualification': '修改资质', 'act.cancel': '取消', 'act.save': '保存', 'act.confirm': '确认',
    'mon.title': '投放监控', 'mon.mode': '推广方式', 'mon.all': '全部', 'mon.smart': '全域智投', 'mon.search': '搜索推广',
    'mon.display': '展示推广', 'mon.external': '外投', 'mon.date': '日期', 'mon.attribution': '归因口径',
    'mon.totals': '汇总', 'mon.rows': '共 {n} 个委托人', 'mon.prev': '上一页', 'mon.next': '下一页', 'mon.from': '开始', 'mon.to': '结束',
    'dlg.budgetTitle': '修改日预算 — {name}', 'dlg.budgetYuan': '日预算（元）', 'dlg.transferTitle': '调账 — {name}',
    'dlg.in': '转入委托人（代理商钱包 → 委托人）', 'dlg.out': '转出委托人（委托人 → 代理商钱包）', 'dlg.amountYuan': '金额（元）',
    'dlg.terminateTitle': '确认与 {name} 解约？', 'dlg.terminateBody': '解约后将无法为该委托人投放，此操作需要确认。',
    'dlg.invalidAmount': '请输入大于等于 0 的金额，最多两位小数', 'dlg.saved': '已保存', 'dlg.unavailable': '该功能暂不可用',
    'client.title': '委托人首页', 'client.marked': '您正在以委托人身份查看：{name}', 'client.today': '今日数据',
    'client.alerts': '未处理告警', 'mobile.title': '余额与预算', 'mobile.search': '搜索委托人',
    'mobile.confirmQr': '确认在电脑上登录？', 'mobile.confirm': '确认登录', 'mobile.confirmed': '已确认，电脑端即将登录',
    'wall.title': '客户晴雨表 · 大屏', 'wall.exit': '退出大屏', 'wall.fullscreen': '全屏',
    'chart.partial': '本小时进行中', 'chart.partialDay': '今日进行中', 'common.empty': '暂无数据', 'nav.menu': '菜单', 'common.view': '查看',
    'common.loading': '加载中…', 'common.error': '加载失败：{msg}', 'common.none': '—', 'common.retry': '重试',
    'common.notFound': '页面不存在', 'common.forbidden': '无权访问此页面',
    'alert.budget-exhausted': '预算耗尽', 'alert.budget': '预算预警', 'alert.low-balance': '余额不足',
    'alert.balance-exhausted': '余额耗尽', 'alert.fund-anomaly': '资金异常', 'alert.spend-surge': '消耗突增',
    'alert.spend-drop': '消耗骤降', 'alert.spend-stall': '消耗停滞', 'alert.cleared': '已恢复',
    'notice.hosting_rule': '托管规则', 'notice.authorization': '授权', 'notice.system': '系统', 'notice.review': '审核',
    'notice.alert': '告警', 'notice.ticket': '工单', 'notice.lead': '线索',
    'task.title': '任务中心', 'task.download': '下载', 'task.started': '已创建下载任务，可在任务中心查看进度',
    'task.open': '前往任务中心', 'task.kind': '类型', 'task.format': '格式', 'task.createdBy': '创建人', 'task.createdAt': '创建时间',
    'task.state': '状态', 'task.rows': '行数', 'task.size': '文件大小', 'task.actions': '操作', 'task.delete': '删除',
    'task.empty': '暂无下载任务', 'task.expires': '文件保留至 {t}', 'task.deleteConfirm': '删除此任务及其文件？',
    'task.state.created': '排队中', 'task.state.running': '生成中', 'task.state.done': '已完成', 'task.state.failed': '失败',
    'task.kind.monitor': '投放数据', 'task.kind.data-detail': '数据明细', 'task.kind.operation-log': '操作日志', 'task.kind.client-funds': '委托人资金',
    'task.kind.finance-allocations': '划拨明细', 'task.kind.finance-recharges': '充值明细', 'task.kind.finance-refunds': '退款明细',
    'task.kind.finance-coupon-changes': '红包变动明细', 'task.kind.finance-credit-changes': '授信变动明细',
    'task.kind.finance-spend': '消耗明细', 'task.kind.finance-freezes': '冻结明细',
    'qual.detailsTitle': '资质详情 — {name}', 'qual.editTitle': '修改资质 — {name}', 'qual.reviewState': '审核状态',
    'qual.state.none': '未提交', 'qual.state.pending': '待审核', 'qual.state.approved': '已通过', 'qual.state.rejected': '已驳回',
    'qual.state.superseded': '已被新版本替代', 'qual.rejectedFor': '驳回原因', 'qual.none': '该委托人尚未提交资质',
    'qual.inEffect': '生效中的资质为已通过的 v{v}', 'qual.history': '审核记录', 'qual.submitted': '提交于', 'qual.reviewed': '审核于',
    'qual.close': '关闭', 'qual.companyName': '企业名称', 'qual.creditCode': '统一社会信用代码', 'qual.licenceNumber': '营业执照注册号',
    'qual.licenceValidity': '营业执照有效期', 'qual.licenceValidFrom': '营业执照有效期起', 'qual.licenceValidUntil': '营业执照有效期至（留空为长期）',
    'qual.longTerm': '长期', 'qual.contact': '联系人', 'qual.contactName': '联系人姓名', 'qual.contactPhone': '联系电话',
    'qual.contactEmail': '联系邮箱（选填）', 'qual.documents': '行业资质', 'qual.document': '资质文件', 'qual.docName': '资质名称',
    'qual.docNumber': '证书编号', 'qual.docValidUntil': '有效期至', 'qual.noDocs': '无行业资质文件', 'qual.addDoc': '+ 添加行业资质',
    'qual.removeDoc': '删除', 'qual.submit': '提交审核', 'qual.editHint': '保存后生成新版本，平台审核通过前，已通过的资质继续生效。',
    'qual.saved': '已提交，待审核', 'qual.err.codeLength': '统一社会信用代码应为 18 位',
    'qual.err.codeChar': '统一社会信用代码含有不允许的字符 “{ch}”（不含 I、O、Z、S、V）', 'qual.err.codeCheck': '统一社会信用代码校验位不正确，请核对',
  },
  en: {
    'app.name': 'Beacon agency workbench',
    'nav.home': 'Home', 'nav.monitor': 'Delivery', 'nav.mobile': 'Mobile', 'nav.wall': 'Wall board',
    'top.switchClient': 'Switch to client', 'top.back': 'Back to agency view', 'top.switchAccount': 'Switch account',
    'top.logout': 'Log out', 'top.clientView': 'Client view', 'top.search': 'Search client name, e-mail or PID',
    'live.live': 'Live', 'live.reconnecting': 'Reconnecting…', 'live.offline': 'Offline', 'live.connecting': 'Connecting…',
    'login.title': 'Sign in', 'login.password': 'Password', 'login.qr': 'QR code', 'login.account': 'Account',
    'login.secret': 'Password', 'login.submit': 'Sign in', 'login.failed': 'Account or password is incorrect',
    'login.qrHint': 'Scan with the signed-in mobile page and confirm', 'login.qrExpired': 'QR code expired, refreshing…',
    'login.qrUnavailable': 'QR login is not available', 'login.qrScanned': 'Scanned — confirm on the phone',
    'login.throttled': 'Too many attempts; try again in {s} s',
    'ident.title': 'Choose an identity', 'ident.agency': 'Agency', 'ident.client': 'Client',
    'home.title': 'Client barometer', 'home.performance': 'Performance', 'home.brand': 'Brand', 'home.spend': 'Spend',
    'home.clientsWithSpend': 'Clients with spend', 'home.arpu': 'Client ARPU', 'home.vsPrev': 'vs prev.',
    'home.today': 'Today', 'home.yesterday': 'Yesterday', 'home.custom': 'Custom', 'home.d7': '7 days', 'home.d30': '30 days',
    'home.trend': 'Spend trend', 'home.top10': 'Top 10 performance clients by spend', 'home.more': 'More',
    'home.finance': 'Finance', 'home.agencyBalance': 'Agency balance', 'home.available': 'Available', 'home.frozen': 'Frozen',
    'home.alerts': 'Live alerts', 'home.noAlerts': 'No alerts', 'home.news': 'Platform news', 'home.messages': 'Messages', 'home.noNews': 'No platform news',
    'home.noMessages': 'No messages', 'home.wall': 'Wall board', 'home.allIndustries': 'All industries',
    'home.billing': 'By billing time', 'home.conversion': 'By conversion time', 'home.spendDetail': 'Spend detail',
    'col.client': 'Client', 'col.balance': 'Available balance', 'col.budget': 'Daily budget', 'col.spend': 'Spend',
    'col.conversions': 'Conversions', 'col.cpa': 'Cost / conversion', 'col.impressions': 'Impressions', 'col.clicks': 'Clicks',
    'col.ctr': 'CTR', 'col.cvr': 'CVR', 'col.budgetUsed': 'Budget used', 'col.trend': 'Trend',
    'col.industry': 'Industry', 'col.actions': 'Actions', 'col.cpm': 'CPM', 'col.cost': 'Cost',
    'act.enter': 'Enter', 'act.ads': 'Ads', 'act.data': 'Data', 'act.budget': 'Budget', 'act.transfer': 'Transfer',
    'act.terminate': 'Terminate', 'act.qualification': 'Qualification details', 'act.editQualification': 'Edit qualification', 'act.cancel': 'Cancel', 'act.save': 'Save', 'act.confirm': 'Confirm',
    'mon.title': 'Delivery monitoring', 'mon.mode': 'Promotion mode', 'mon.all': 'All', 'mon.smart': 'Smart', 'mon.search': 'Search',
    'mon.display': 'Display', 'mon.external': 'External', 'mon.date': 'Date', 'mon.attribution': 'Attribution',
    'mon.totals': 'Totals', 'mon.rows': '{n} clients', 'mon.prev': 'Previous', 'mon.next': 'Next', 'mon.from': 'From', 'mon.to': 'To',
    'dlg.budgetTitle': 'Daily budget — {name}', 'dlg.budgetYuan': 'Daily budget (CNY)', 'dlg.transferTitle': 'Transfer — {name}',
    'dlg.in': 'Into the client (agency wallet → client)', 'dlg.out': 'Back to the agency (client → agency wallet)', 'dlg.amountYuan': 'Amount (CNY)',
    'dlg.terminateTitle': 'Terminate the contract with {name}?', 'dlg.terminateBody': 'The agency will no longer deliver for this client. Please confirm.',
    'dlg.invalidAmount': 'Enter an amount ≥ 0 with at most two decimals', 'dlg.saved': 'Saved', 'dlg.unavailable': 'Not available yet',
    'client.title': 'Client home', 'client.marked': 'You are viewing as the client: {name}', 'client.today': 'Today',
    'client.alerts': 'Open alerts', 'mobile.title': 'Balances & budgets', 'mobile.search': 'Search clients',
    'mobile.confirmQr': 'Sign in on the computer?', 'mobile.confirm': 'Confirm sign-in', 'mobile.confirmed': 'Confirmed; the computer signs in now',
    'wall.title': 'Client barometer · wall board', 'wall.exit': 'Exit wall board', 'wall.fullscreen': 'Full screen',
    'chart.partial': 'hour in progress', 'chart.partialDay': 'today so far', 'common.empty': 'No data yet', 'nav.menu': 'Menu', 'common.view': 'View',
    'common.loading': 'Loading…', 'common.error': 'Could not load: {msg}', 'common.none': '—', 'common.retry': 'Retry',
    'common.notFound': 'No such page', 'common.forbidden': 'You may not open this page',
    'alert.budget-exhausted': 'Budget exhausted', 'alert.budget': 'Budget threshold', 'alert.low-balance': 'Low balance',
    'alert.balance-exhausted': 'Balance exhausted', 'alert.fund-anomaly': 'Fund anomaly', 'alert.spend-surge': 'Spend surge',
    'alert.spend-drop': 'Spend drop', 'alert.spend-stall': 'Spend stalled', 'alert.cleared': 'Cleared',
    'notice.hosting_rule': 'Hosting rule', 'notice.authorization': 'Authorization', 'notice.system': 'System', 'notice.review': 'Review',
    'notice.alert': 'Alert', 'notice.ticket': 'Ticket', 'notice.lead': 'Lead',
    'task.title': 'Task center', 'task.download': 'Download', 'task.started': 'Download task created; follow it in the task center',
    'task.open': 'Open task center', 'task.kind': 'Kind', 'task.format': 'Format', 'task.createdBy': 'Created by', 'task.createdAt': 'Created',
    'task.state': 'State', 'task.rows': 'Rows', 'task.size': 'Size', 'task.actions': 'Actions', 'task.delete': 'Delete',
    'task.empty': 'No download tasks yet', 'task.expires': 'File kept until {t}', 'task.deleteConfirm': 'Delete this task and its file?',
    'task.state.created': 'Queued', 'task.state.running': 'Running', 'task.state.done': 'Done', 'task.state.failed': 'Failed',
    'task.kind.monitor': 'Delivery data', 'task.kind.data-detail': 'Data detail', 'task.kind.operation-log': 'Operation log', 'task.kind.client-funds': 'Client funds',
    'task.kind.finance-allocations': 'Allocations', 'task.kind.finance-recharges': 'Recharges', 'task.kind.finance-refunds': 'Refunds',
    'task.kind.finance-coupon-changes': 'Coupon changes', 'task.kind.finance-credit-changes': 'Credit changes',
    'task.kind.finance-spend': 'Spend detail', 'task.kind.finance-freezes': 'Freezes',
    'qual.detailsTitle': 'Qualification — {name}', 'qual.editTitle': 'Edit qualification — {name}', 'qual.reviewState': 'Review state',
    'qual.state.none': 'Not submitted', 'qual.state.pending': 'Pending review', 'qual.state.approved': 'Approved', 'qual.state.rejected': 'Rejected',
    'qual.state.superseded': 'Superseded by a newer version', 'qual.rejectedFor': 'Reason', 'qual.none': 'No qualification submitted for this client yet',
    'qual.inEffect': 'The approved v{v} stays in effect', 'qual.history': 'Review history', 'qual.submitted': 'submitted', 'qual.reviewed': 'reviewed',
    'qual.close': 'Close', 'qual.companyName': 'Company name', 'qual.creditCode': 'Unified social credit code', 'qual.licenceNumber': 'Business licence number',
    'qual.licenceValidity': 'Business licence validity', 'qual.licenceValidFrom': 'Licence valid from', 'qual.licenceValidUntil': 'Licence valid until (empty: long-term)',
    'qual.longTerm': 'long-term', 'qual.contact': 'Contact', 'qual.contactName': 'Contact name', 'qual.contactPhone': 'Contact phone',
    'qual.contactEmail': 'Contact e-mail (optional)', 'qual.documents': 'Industry qualifications', 'qual.document': 'Document', 'qual.docName': 'Name',
    'qual.docNumber': 'Number', 'qual.docValidUntil': 'Valid until', 'qual.noDocs': 'No industry qualification documents', 'qual.addDoc': '+ Add a document',
    'qual.removeDoc': 'Remove', 'qual.submit': 'Submit for review', 'qual.editHint': 'Saving makes a new version; the approved one stays in effect until the platform reviews it.',
    'qual.saved': 'Submitted — pending review', 'qual.err.codeLength': 'The credit code has 18 characters',
    'qual.err.codeChar': 'The credit code has a character that is not allowed: "{ch}" (no I, O, Z, S, V)', 'qual.err.codeCheck': 'The credit code\'s check character does not match; please check it',
  },
};

let lang = localStorage.getItem(LANG_KEY) || 'zh-CN';
if (!LANGS.includes(lang)) lang = 'zh-CN';
document.documentElement.lang = lang;

export function currentLang() { return lang; }

export function setLang(l) {
  if (!LANGS.includes(l)) return;
  lang = l;
  localStorage.setItem(LANG_KEY, l);
  document.documentElement.lang = l;
}

/** Adds (or overrides) messages; a page module calls this once at import. */
export function registerMessages(byLang) {
  for (const [l, m] of Object.entries(byLang)) messages[l] = { ...(messages[l] || {}), ...m };
}

/** The message for key in the current language with {name} placeholders filled; the key if unknown. */
export function t(key, vars) {
  const s = (messages[lang] && messages[lang][key]) ?? messages['zh-CN'][key] ?? key;
  return vars ? s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? '')) : s;
}

/**
 * Loads the shared catalogue (web-static/messages.json, which the server also uses for problem details,
 * notices and exports): enum labels such as industry.*, goal.*, role.*, op.*, field.*.
 */
export async function loadCatalogue() {
  try {
    const r = await fetch('/messages.json', { cache: 'no-cache' });
    // underneath the app's own messages: a page's wording of a shared key wins
    if (r.ok) for (const [l, m] of Object.entries(await r.json())) messages[l] = { ...m, ...(messages[l] || {}) };
  } catch (e) { console.warn('message catalogue not loaded', e); }
}

/** The label of an enum value (catalogue key prefix.value); the value itself when there is none. */
export function label(prefix, value) {
  if (value === null || value === undefined || value === '') return '';
  const key = prefix + '.' + value;
  const s = t(key);
  return s === key ? String(value) : s;
}

/** A notice's title and body in the current language (pushed notices carry every language's). */
export function noticeText(n) {
  return (n && n.texts && n.texts[lang]) || n || {};
}

/** Picks the current language from an object like { 'zh-CN': '财务', en: 'Finance' } (or returns a string as is). */
export function pick(text) {
  if (text == null || typeof text === 'string') return text;
  return text[lang] ?? text['zh-CN'] ?? Object.values(text)[0];
}
