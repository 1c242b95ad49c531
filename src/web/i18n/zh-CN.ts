// Simplified Chinese: the default language. en.ts must have the same keys.
const zh = {
  app: { name: 'Redress 投诉应急响应', short: 'Redress', skip: '跳到主要内容' },
  common: {
    save: '保存', cancel: '取消', submit: '提交', confirm: '确认', search: '搜索', reset: '重置', loading: '加载中…',
    loadMore: '加载更多', none: '无', yes: '是', no: '否', actions: '操作', refresh: '刷新', create: '新建', edit: '编辑',
    close: '关闭', copy: '复制', copied: '已复制', reason: '原因', comment: '意见', optional: '可选', all: '全部',
    noData: '暂无数据', saved: '已保存', name: '名称', email: '邮箱', createdAt: '创建时间', open: '打开', back: '返回',
    unknown: '未知', details: '详情', download: '下载', upload: '上传', active: '启用', inactive: '停用', total: '共 {{count}} 条',
  },
  nav: {
    inbox: '投诉工作台', intake: '电话受理', dashboard: '统计分析', admin: '系统管理', users: '用户', departments: '部门',
    categories: '投诉分类', tokens: 'API 令牌', audit: '审计日志', profile: '个人设置', logout: '退出登录', language: '语言',
    menu: '主导航', collapse: '收起导航', expand: '展开导航',
  },
  login: {
    title: '登录', subtitle: '投诉应急响应平台', email: '邮箱', password: '密码', submit: '登录',
    emailRequired: '请输入邮箱', passwordRequired: '请输入密码', expired: '会话已过期，请重新登录', loggedOut: '已退出登录',
  },
  status: {
    received: '已受理', triaged: '已分诊', assigned: '已派单', in_progress: '办理中', replied: '已答复', follow_up: '回访中',
    closed: '已办结', returned: '已退单', waiting: '待补充材料', rejected: '不予受理', merged: '已合并',
  },
  action: {
    triage: '确认分诊', assign: '派单', sign: '签收', return: '退单', request_info: '要求补充材料', resume: '恢复办理',
    reply: '答复', follow_up: '回访', close: '办结', reopen: '重办', reject: '不予受理', merge: '合并',
  },
  actionDone: '已执行：{{action}}',
  role: {
    intake_agent: '受理员', handler: '承办人', coordinator: '沟通协调员', dept_head: '部门负责人', leader: '领导',
    pr_officer: '公关', analyst: '分析员', auditor: '审计员', admin: '管理员',
  },
  channel: {
    phone: '电话', email: '邮件', web: '网上投诉', api: 'API', open311: 'Open311', walk_in: '来访', letter: '来信', social: '网络舆情', import: '导入',
  },
  level: { label: '等级', 1: 'Ⅰ级 特别重大', 2: 'Ⅱ级 重大', 3: 'Ⅲ级 较大', 4: 'Ⅳ级 一般', short1: 'Ⅰ', short2: 'Ⅱ', short3: 'Ⅲ', short4: 'Ⅳ' },
  flag: { personalSafety: '涉及人身安全', propertyLoss: '重大财产损失', mediaAttention: '媒体关注', vulnerableGroup: '涉及弱势群体' },
  inbox: {
    title: '投诉工作台',
    views: { all: '全部', mine: '我的', dept: '本部门', unassigned: '未派单', urgent: 'Ⅰ–Ⅱ级', waiting: '待补充材料', breach: '即将超时' },
    viewsLabel: '保存的视图',
    searchPlaceholder: '全文搜索：主题、内容、地点（按 / 聚焦）',
    searchLabel: '全文搜索',
    filterStatus: '状态', filterLevel: '等级', filterCategory: '分类', filterDepartment: '部门', filterChannel: '渠道', filterDate: '受理日期',
    col: { trackingNo: '编号', level: '等级', subject: '主题', status: '状态', category: '分类', department: '承办部门', owner: '责任人', channel: '渠道', createdAt: '受理时间', sla: '时限' },
    bulkAssign: '批量派单', selected: '已选 {{count}} 件', newArrivals: '新到 {{count}} 件投诉', isNew: '新',
    bulkDone: '已派单 {{ok}} 件，失败 {{failed}} 件', unassignedOwner: '未指定',
    shortcuts: '快捷键：j/k 上下移动，Enter 打开，x 选中，/ 搜索，n 新建',
    empty: '没有符合条件的投诉',
  },
  intake: {
    title: '电话受理', caller: '来电人', phone: '来电号码', name: '姓名', email: '邮箱', address: '地址', idNumber: '证件号码',
    complaint: '投诉内容', subject: '主题', description: '详细描述', location: '事发地点', occurredAt: '发生时间', channel: '渠道',
    triage: '分类与等级', category: '分类', level: '等级', department: '承办部门', flags: '严重情形',
    similar: '相似的在办投诉', similarHint: '输入主题后显示相似的在办投诉，避免重复登记', noSimilar: '没有相似的在办投诉',
    save: '保存受理（Ctrl+Enter）', saved: '受理成功', trackingNo: '投诉编号', accessCode: '查询码',
    accessCodeHint: '请将编号与查询码告知来电人，查询码只显示这一次。', openIt: '查看投诉', another: '继续受理',
    subjectRequired: '请填写主题', descriptionRequired: '请填写详细描述', phoneInvalid: '号码只能包含数字、空格和 +()-',
    categoryPlaceholder: '选择分类', departmentPlaceholder: '默认按分类派往对应部门', lookupUnavailable: '',
    fastPath: '快速通道', repeatCaller: '重复投诉：该来电人近期已投诉 {{count}} 次', knownCaller: '该来电人曾投诉 {{count}} 次',
    suggested: '系统建议', confidence: '置信度 {{value}}%', applySuggestion: '采用建议', explanation: '判定依据',
  },
  complaint: {
    description: '投诉内容', details: '基本信息', trackingNo: '编号', category: '分类', department: '承办部门', owner: '责任人',
    channel: '渠道', createdAt: '受理时间', updatedAt: '更新时间', occurredAt: '发生时间', location: '地点', flags: '严重情形',
    mass: '群体性投诉',
    mergedInto: '已合并到', complainant: '投诉人信息', masked: '已脱敏', reveal: '查看完整信息', revealReason: '查看原因（将记入审计日志）',
    revealReasonRequired: '请说明原因（至少 4 个字）', revealed: '已显示完整信息（已记入审计日志）', noComplainant: '未登记投诉人信息',
    timeline: '办理过程', composer: '回复与备注', attachments: '附件', plan: '处理方案', triage: '分诊', sla: '办理时限',
    replyTab: '答复投诉人', noteTab: '内部备注', replyPlaceholder: '给投诉人的答复（投诉人可见）', notePlaceholder: '备注内容',
    visibility: '可见范围', internal: '仅内部', public: '投诉人可见', sendReply: '发送答复', addNote: '添加备注', noteAdded: '备注已添加',
    replyUnavailable: '当前状态或角色不能答复；可添加内部备注。',
    assignDepartment: '派往部门', assignOwner: '责任人（可选）', mergeTarget: '合并到的投诉 ID', message: '答复内容',
    messageRequired: '请填写答复内容', reasonRequired: '请填写原因', departmentRequired: '请选择部门',
    edit: '更正分类与等级', editReason: '更正原因', overrideSaved: '已更正', confirmTriage: '确认分诊',
    noActions: '当前状态下您没有可执行的操作', closeConfirm: '确认办结此投诉？', reload: '重新加载',
    uploadHint: '上传证据材料（图片、PDF、文档，≤20MB）', uploaded: '已上传 {{name}}', noAttachments: '暂无附件', size: '大小',
    kinds: {
      created: '受理登记', status_changed: '状态变更', note: '备注', reply: '答复', plan_submitted: '提交处理方案', plan_decided: '审批处理方案',
      attachment: '上传附件', updated: '更正信息', pii_revealed: '查看个人信息', merged_in: '合并进来',
    },
    transition: '{{from}} → {{to}}', system: '系统',
    notFound: '投诉不存在或您无权查看',
  },
  plan: {
    title: '处理方案', findings: '调查结论', measures: '处理措施', compensationAmount: '补偿金额（元）', compensationKind: '补偿方式',
    submit: '提交审批', submitted: '方案已提交，等待领导审批', status: { submitted: '待审批', approved: '已批准', returned: '已退回' },
    approve: '批准', return: '退回', decisionComment: '审批意见', commentRequired: '退回时请说明原因', approved: '已批准处理方案', returnedMsg: '已退回处理方案',
    none: '尚未提交处理方案', needed: 'Ⅰ–Ⅱ级投诉须经领导批准处理方案后方可答复', history: '历史方案', submittedAt: '提交时间', decidedAt: '审批时间',
    findingsRequired: '请填写调查结论', measuresRequired: '请填写处理措施', newPlan: '提交新的处理方案',
  },
  sla: {
    title: '办理时限', none: '暂无时限（尚未开始计时）',
    kind: { signFor: '签收时限', firstResponse: '首次答复', updateCadence: '进展更新', resolution: '办结时限' },
    status: { ok: '正常', warning: '即将超时', breached: '已超时' },
    state: { running: '计时中', paused: '已暂停', not_started: '未开始', met: '已达成', breached: '已超时', stopped: '已停止' },
    remaining: '剩余', dueAt: '截止', startedAt: '开始', metAt: '完成于', breachedAt: '超时于', history: '计时周期', outcome: '结果', paused: '暂停',
  },
  notifications: { title: '通知', unread: '{{count}} 条未读', empty: '暂无通知', markAll: '全部标为已读', open: '通知' },
  live: { slaWarning: '时限预警：{{no}}', slaBreached: '已超时：{{no}}' },
  dashboard: {
    title: '统计分析', range: '日期范围', department: '部门', total: '投诉总量', open: '在办', closed: '已办结', avgHours: '平均办理时长（小时）',
    firstOnTime: '首次答复按时率', resolutionOnTime: '按时办结率', openBreaches: '在办超时件', slaUnavailable: '时限数据尚未产生',
    byDay: '投诉量趋势', byCategory: '按分类', byLevel: '按等级', byChannel: '按渠道', byDepartment: '按部门', byStatus: '按状态',
    png: '导出图片', csv: '导出 CSV', count: '数量', noData: '所选范围内没有数据',
  },
  profile: {
    title: '个人设置', account: '账户', roles: '角色', departments: '所属部门', language: '界面语言', languageSaved: '语言已保存',
  },
  admin: {
    users: {
      title: '用户管理', create: '新建用户', password: '初始密码（至少 10 位）', roles: '角色', departments: '部门', locale: '语言',
      status: '状态', deactivate: '停用', activate: '启用', edit: '编辑用户', newPassword: '重置密码（可选）', created: '用户已创建',
    },
    departments: { title: '部门管理', create: '新建部门', nameZh: '中文名称', nameEn: '英文名称', parent: '上级部门', created: '部门已创建' },
    categories: {
      title: '分类管理', create: '新建分类', code: '代码', nameZh: '中文名称', nameEn: '英文名称', parent: '上级分类',
      defaultDepartment: '默认承办部门', keywords: '关键词', created: '分类已创建',
    },
    tokens: {
      title: 'API 令牌', create: '创建令牌', user: '所属用户邮箱', label: '名称', scopes: '权限范围', scopesHint: '留空表示该用户的全部权限',
      revoke: '吊销', revokeConfirm: '吊销后使用该令牌的系统将无法访问，确认？', revoked: '已吊销', lastUsed: '最近使用',
      shownOnce: '请立即保存此令牌，它不会再次显示：', state: '状态',
    },
    audit: {
      title: '审计日志', verify: '校验哈希链', ok: '审计日志完整：已校验 {{count}} 条', broken: '审计日志在第 {{seq}} 条被破坏：{{reason}}',
      seq: '序号', at: '时间', actor: '操作人', action: '动作', entity: '对象', data: '数据', filterAction: '按动作筛选', filterEntity: '按对象 ID 筛选',
    },
  },
  errors: {
    network: '无法连接服务器，请检查网络', invalid_credentials: '邮箱或密码错误', unauthenticated: '会话已过期，请重新登录',
    csrf_failed: '安全校验失败，请刷新页面', forbidden: '您没有权限执行此操作', not_found: '内容不存在或您无权查看',
    stale_version: '该投诉已被他人更新，请重新加载后再试', plan_approval_required: 'Ⅰ–Ⅱ级投诉须经领导批准处理方案后方可答复',
    plan_pending_approval: '处理方案正在等待领导审批', plan_already_pending: '已有方案在等待审批', no_pending_plan: '没有待审批的处理方案',
    reason_required: '此操作需要填写原因', message_required: '请填写答复内容', comment_required: '退回时请说明原因',
    idempotency_key_reused: '重复提交的内容不一致，请刷新后重试', validation_failed: '填写的内容有误', email_taken: '该邮箱已被使用',
    weak_password: '密码至少 10 位', department_required: '请选择派往的部门', owner_not_in_department: '责任人必须是该部门的在职成员',
    too_many_attempts: '尝试次数过多，请稍后再试', attachment_too_large: '附件过大（最大 20MB）', attachment_type_not_allowed: '不支持该文件类型',
    attachment_type_mismatch: '文件内容与扩展名不符', attachment_empty: '文件为空', category_code_taken: '该分类代码已存在',
    department_cycle: '部门不能位于其自身之下', unknown_user: '没有该在职用户', unknown_scope: '未知的权限范围', unknown_department: '部门不存在',
    unknown_category: '分类不存在', unknown_target: '要合并到的投诉不存在', target_required: '请填写要合并到的投诉',
    target_merged: '目标投诉本身已被合并', illegal_transition: '当前状态下不能执行此操作', generic: '操作失败',
  },
} as const;

export default zh;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof zh>;
