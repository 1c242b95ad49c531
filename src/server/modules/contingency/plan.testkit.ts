import type { PlanContent } from '../../../shared/contingency.js';

/** A small valid plan for tests: two roles, levels 1–2, three steps. */
export function samplePlanContent(overrides: Partial<PlanContent> = {}): PlanContent {
  const bi = (zh: string, en: string) => ({ zh, en });
  return {
    title: bi('测试应急预案', 'Test contingency plan'),
    general: bi('为规范处置，制定本预案。', 'This plan sets out how to respond.'),
    scope: { categoryIds: [], levels: [1, 2] },
    activation: [{ kind: 'level_at_or_above', level: 2 }, { kind: 'manual' }],
    roles: [
      { key: 'incident_commander', name: bi('总指挥', 'Incident commander'), duties: bi('统一指挥。', 'Leads the response.'), fillFrom: ['leader'], required: true },
      { key: 'investigation_lead', name: bi('调查组长', 'Investigation lead'), duties: bi('组织调查。', 'Runs the investigation.'), fillFrom: ['dept_head', 'handler'], required: true },
    ],
    levels: [
      { level: 1, response: bi('主要领导到场指挥。', 'The head of the organisation takes command.'), sitrepEveryMinutes: 60, notifyRoles: ['incident_commander', 'investigation_lead'] },
      { level: 2, response: bi('分管领导指挥。', 'The deputy in charge takes command.'), sitrepEveryMinutes: 120, notifyRoles: ['incident_commander'] },
    ],
    steps: [
      { key: 'notify_leader', title: bi('报告领导', 'Notify the leader'), description: bi('立即报告。', 'Report at once.'), offsetMinutes: 0, ownerRole: 'incident_commander' },
      { key: 'form_group', title: bi('成立处置组', 'Form the handling group'), description: bi('30分钟内成立。', 'Within 30 minutes.'), offsetMinutes: 30, ownerRole: 'incident_commander' },
      { key: 'first_contact', title: bi('首次联系投诉人', 'First contact with the complainant'), description: bi('1小时内联系。', 'Within an hour.'), offsetMinutes: 60, ownerRole: 'investigation_lead' },
    ],
    templates: [{ key: 'ack', audience: 'complainant', subject: bi('已受理', 'Received'), body: bi('您的投诉已受理。', 'Your complaint has been received.') }],
    resources: [{ kind: 'staff', description: bi('值班人员', 'Duty staff'), quantity: 2 }],
    postIncident: [bi('复盘总结', 'Hold a post-incident review')],
    safeguards: bi('保障通讯畅通。', 'Keep communications open.'),
    training: bi('每年演练一次。', 'Drill once a year.'),
    reviewEveryDays: 365,
    ...overrides,
  };
}
