// 案例库界面文字（与 cases.en.ts 同键）。
export const casesZh = {
  cases: {
    nav: '案例库', title: '案例库', search: '搜索案例（标题、标签、经验、正文）', tag: '标签', allTags: '全部标签', empty: '暂无案例',
    col: { title: '标题', tags: '标签', level: '级别', created: '入库时间', redactions: '脱敏处数' },
    detail: { lessons: '经验教训', subject: '事由', description: '诉求内容', location: '地点', replies: '答复', timeline: '办理过程（压缩）', source: '来源投诉', day: '第 {{day}} 天', notFound: '案例不存在' },
    make: {
      button: '转为案例', title: '转为案例：脱敏预览', intro: '以下内容将以脱敏形式入库。高亮处为识别出的个人信息：点击可取消或恢复；选中一段文字后可手动添加脱敏。',
      titleZh: '中文标题', titleEn: '英文标题', tags: '标签', tagsPlaceholder: '输入后回车', lessons: '经验教训', approve: '确认脱敏并入库', count: '将脱敏 {{n}} 处',
      add: '将选中文字脱敏为', kindLabel: '类型', untick: '点击取消脱敏', retick: '点击恢复脱敏', created: '案例已入库', field: { subject: '事由', description: '诉求内容', location: '地点', reply: '答复', timeline: '办理记录' },
    },
    kind: { name: '姓名', phone: '电话', id_number: '身份证号', passport: '证件号', email: '邮箱', plate: '车牌', bank_card: '银行卡号', address: '地址' },
  },
};

export const casesZhErrors = {
  complaint_not_closed: '只有已办结的投诉才能转为案例', case_exists: '该投诉已转为案例', invalid_redaction: '脱敏范围超出文本', overlapping_redactions: '脱敏范围重叠', title_required: '请填写中英文标题',
};
