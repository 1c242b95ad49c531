// 舆情预警界面文字（与 opinion-alerts.en.ts 同键）。
export const opinionAlertsZh = {
  opinionAlerts: {
    nav: '舆情预警', title: '舆情预警', empty: '暂无预警', all: '全部', status: { open: '未处理', acknowledged: '已确认', closed: '已关闭', active: '进行中' },
    color: { none: '已解除', blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' },
    col: { level: '级别', watchlist: '监测方案', opened: '发生时间', peak: '峰值（条/窗口）', status: '状态' },
    detail: { title: '预警详情', mentions: '推动预警的提及', promote: '转为投诉', promoted: '已转为投诉 {{no}}', acknowledge: '确认预警', acknowledged: '已确认', close: '关闭预警', note: '处置说明', closed: '预警已关闭', quiet: '免打扰时段内产生，未通知', noMentions: '暂无提及' },
  },
};

export const opinionAlertsZhErrors = {
  alert_closed: '预警已关闭', alert_already_acknowledged: '预警已确认', mention_already_promoted: '该提及已转为投诉', mention_dismissed: '该提及已忽略，不能转为投诉', mention_already_linked: '该提及已关联到此对象', one_target: '请只选择一个关联对象（投诉或应急事件）',
};
