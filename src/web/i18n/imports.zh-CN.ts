// 导入历史投诉（CSV/XLSX）页面的中文文案（imports.en.ts 键相同）。
export const importsZh = {
  imports: {
    nav: '数据导入', title: '导入历史投诉',
    step: { file: '上传文件', mapping: '字段映射', dryRun: '试运行', run: '导入' },
    file: {
      drop: '点击或拖入 CSV / XLSX 文件', hint: 'CSV 支持 UTF-8（含或不含 BOM）与 GBK/GB18030（中文版 Excel 导出）；XLSX 读取第一个工作表。首行为表头，单个文件不超过 20 MB、50,000 行。',
      encoding: '文本编码', encodingAuto: '自动识别', encodingUtf8: 'UTF-8', encodingGbk: 'GBK / GB18030',
      summary: '{{filename}}：{{rows}} 行，格式 {{format}}', detected: '编码：{{encoding}}', preview: '前 {{count}} 行预览', row: '行号', another: '换一个文件',
    },
    mapping: {
      preset: '映射方案', presetPlaceholder: '选择内置或已保存的方案', builtIn: '内置', suggested: '与文件表头相符', source: '数据来源标识',
      sourceHint: '同一来源下的外部编号只导入一次（重复导入同一文件不会重复建单）', column: '文件列', none: '（不导入）',
      field: {
        externalId: '外部编号', receivedAt: '受理时间', closedAt: '办结时间', channel: '渠道', category: '分类', subject: '标题', description: '内容', place: '地点 / 地址',
        complainantName: '投诉人姓名', complainantPhone: '投诉人电话', complainantEmail: '投诉人邮箱', department: '承办部门', status: '状态', level: '等级', reply: '答复内容',
      },
      multiHint: '可选多列，非空值依次拼接', categoryBy: '分类匹配方式', byName: '按名称', byCode: '按编码', unknownCategory: '未知分类', unknownDepartment: '未知部门',
      unknownError: '报错', unknownBlank: '留空（分类由分诊建议）', unknownBlankDepartment: '留空', dateOrder: '形如 10/11/2020 的日期为', mdy: '月/日/年', dmy: '日/月/年', timeZone: '时间所在时区',
      values: '取值映射（JSON：渠道、状态、分类、部门；键 "*" 为其他值的默认）', valuesInvalid: '取值映射不是有效的 JSON 对象',
      savePreset: '另存为方案', presetName: '方案名称', presetSaved: '映射方案已保存', deletePreset: '删除方案', presetDeleted: '映射方案已删除', required: '请选择此字段对应的列',
    },
    dry: {
      run: '试运行', hint: '校验每一行，不写入任何数据', total: '总行数', valid: '将新建', invalid: '有错误', already: '已导入过（跳过）', duplicates: '文件内重复（跳过）',
      errors: '行错误', truncated: '仅显示前 {{count}} 条错误', noErrors: '所有行均通过校验', column: '列', code: '错误码', message: '说明',
    },
    run: {
      start: '开始导入', confirm: '将导入 {{count}} 条投诉。历史投诉不会启动时限计时，也不会发送通知。继续吗？', started: '导入已开始',
      progress: '进度', processed: '已处理 {{done}} / {{total}} 行', created: '新建', skipped: '重复跳过', failed: '失败', speed: '{{rate}} 行/秒',
      status: { queued: '排队中', running: '导入中', done: '已完成', failed: '失败' }, errors: '失败行', recent: '最近的导入', file: '文件', source: '来源', startedAt: '开始时间',
      viewComplaints: '查看投诉列表',
    },
  },
} as const;

/** Problem codes of the imports API (merged into `errors`). */
export const importsZhErrors = {
  unknown_column: '映射中的列在文件中不存在', unknown_time_zone: '未知的时区', import_file_type: '只能导入 .csv 或 .xlsx 文件', import_file_too_large: '文件超过 20 MB',
  import_encoding: '文件不是有效的 UTF-8，请选择 GBK/GB18030 或自动识别', import_file_unreadable: '无法读取该文件', import_file_empty: '文件在表头下没有数据行',
  import_too_many_rows: '单个文件最多 50,000 行，请拆分后导入', preset_name_taken: '已有同名的映射方案', preset_built_in: '内置方案不能删除',
  upload_expired: '该文件的数据行已在导入后（或 7 天后）删除，请重新上传',
} as const;
