// English strings of the emergency plan, incident, resource and public notice screens (same keys as
// contingency.zh-CN.ts).
import type { contingencyZh } from './contingency.zh-CN.js';

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const contingencyEn: Widen<typeof contingencyZh> = {
  ctNav: { plans: 'Emergency plans', incidents: 'Incidents', resources: 'Resources', oncall: 'On-call', notices: 'Public notices' },
  ctPlan: {
    date: 'Date', title: 'Emergency plans', name: 'Plan', key: 'Key', status: 'Status', version: 'Version', published: 'In force', owner: 'Owner',
    reviewDue: 'Review due', reviewDueAt: 'Review date', noPublished: 'None in force', empty: 'No plans yet', versions: 'Versions', changeNote: 'Change note',
    createdAt: 'Created', publishedAt: 'Published', newDraft: 'New revision', edit: 'Edit draft', view: 'View', approve: 'Approve', publish: 'Publish', retire: 'Retire',
    approved: 'Approved', publishedDone: 'Published', retired: 'Retired', draftCreated: 'New revision opened', compare: 'Compare versions', compareFrom: 'From version', compareTo: 'To version',
    noChanges: 'The two versions are the same', added: 'Added', removed: 'Removed', changed: 'Changed', print: 'Print view', exportMd: 'Export Markdown', exportDocx: 'Export Word', exportJson: 'Export JSON',
    activate: 'Activate plan', drill: 'Start a drill', drillStarted: 'Drill started', back: 'Back to plans', confirmPublish: 'A published version never changes, and the version in force before it is retired. Publish?',
    confirmRetire: 'Retire this version?', content: 'Plan content', statusOf: { draft: 'Draft', approved: 'Approved', published: 'Published', retired: 'Retired' },
  },
  ctSection: {
    title: 'Plan title', general: 'General provisions', scope: 'Scope', scopeLevels: 'Levels covered (none = every level)', activation: 'Warning and activation', roles: 'Organisation and duties', levels: 'Response by level', steps: 'Response procedure',
    templates: 'Communication templates', resources: 'Resources needed', postIncident: 'After the incident', safeguards: 'Safeguards', training: 'Training and drills', management: 'Plan management', reviewEveryDays: 'Review every (days)',
  },
  ctEdit: {
    title: 'Edit draft v{{version}}', zh: 'Chinese', en: 'English', add: 'Add', remove: 'Remove', save: 'Save draft', saved: 'Draft saved', key: 'Key', name: 'Name', duties: 'Duties',
    fillFrom: 'Filled from on-call people of these roles', required: 'Required', level: 'Level', response: 'Response', sitrepEvery: 'Situation report every (minutes)', notifyRoles: 'Notify roles',
    stepTitle: 'Step', description: 'Description', offset: 'After activation (minutes)', ownerRole: 'Owner role', stepLevels: 'Only at levels', audience: 'Audience', subject: 'Subject', body: 'Body',
    kind: 'Kind', quantity: 'Quantity', item: 'Item', criterion: 'Criterion', minMembers: 'Minimum complaints', invalid: 'Check the fields marked in red', changeNote: 'Change note',
    crit: { level_at_or_above: 'Level at or above', mass_cluster: 'Mass complaint', fast_path: 'Fast path (Ⅰ–Ⅱ)', category: 'Category mapped to plan', opinion_alert: 'Public-opinion alert', manual: 'Manual' },
    aud: { complainant: 'Complainant', public: 'Public', internal: 'Internal', leader: 'Leaders' },
    review: {
    title: 'Post-incident review', status: { none: 'Not started', draft: 'Draft', completed: 'Completed' }, findings: 'Findings', save: 'Save draft', complete: 'Complete review', saved: 'Saved',
    ack: 'Time to acknowledge', contact: 'Time to first contact', containment: 'Time to containment', resolution: 'Time to resolution', tasksOnTime: 'Tasks on time', sitrepsOnTime: 'Situation reports on time', minutes: '{{n}} min', ratio: '{{a}} / {{b}}',
    actions: 'Improvement actions', addAction: 'Add an improvement action', actionTitle: 'Action', type: 'Type', owner: 'Owner', dueAt: 'Due', done: 'Done', newDraft: 'Plan revision v{{v}} opened',
    typeOf: { revise_plan: 'Revise the plan', training: 'Training', process: 'Process', other: 'Other' }, actionStatus: { open: 'Open', done: 'Done' }, overdue: 'Overdue', needResolved: 'The review can be completed once the incident is resolved',
  },
  drillReport: {
    title: 'Drill report', score: 'Score: {{score}}', planned: 'Planned', actual: 'Actual', late: 'Late by {{n}} min', notDone: 'Not done', onTime: 'On time',
    stepsOnTime: 'Steps on time: {{a}} / {{b}}', sitreps: 'Situation reports: {{expected}} expected, {{filed}} filed, {{onTime}} on time', roles: 'Roles: {{filled}} / {{total}} filled', notReady: 'The report is ready once the drill is resolved', download: 'Download Markdown',
  },
  res: { supplier: 'Supplier', manufacturer: 'Manufacturer', inventory: 'Inventory', staff: 'Staff', expert: 'Expert', media: 'Media' },
    tplus: 'T+{{offset}}', pair: '{{label}} ({{lang}})', tplusMin: 'T+{{m}} min', tplusHour: 'T+{{h}} h',
  },
  ctAct: { title: 'Activate plan', plan: 'Plan', level: 'Response level', incidentTitle: 'Incident title', complaints: 'Linked complaints', started: 'Plan activated', submit: 'Activate', drillTitle: 'Drill title (optional)' },
  inc: {
    title: 'Incidents', code: 'Code', name: 'Incident', level: 'Level', status: 'Status', drill: 'Drill', plan: 'Plan version', commander: 'Commander', activatedAt: 'Activated', empty: 'No incidents',
    sitrepDue: 'Next situation report', sitrepOverdue: 'Situation report overdue', allStatuses: 'All statuses', realOnly: 'Real incidents', drillsOnly: 'Drills', back: 'Back to incidents',
    statusOf: { active: 'Active', stable: 'Stable', resolved: 'Resolved', closed: 'Closed' }, trigger: 'Trigger',
    triggerOf: { mass_cluster: 'Mass complaint', fast_path: 'Fast path', category: 'Category', opinion_alert: 'Opinion alert', manual: 'Manual', drill: 'Drill' },
    moveTo: 'Move to: {{status}}', changeLevel: 'Change level', newLevel: 'New level', reason: 'Reason', levelChanged: 'Level changed', statusChanged: 'Status updated', note: 'Note (optional)',
    response: 'Response at this level', roles: 'Roles and people', role: 'Role', holder: 'Held by', source: 'Source', unfilled: 'Unfilled', assign: 'Assign', reassign: 'Reassign', person: 'Person', assigned: 'Assigned',
    sourceOf: { oncall: 'On call', fallback: 'Fallback', activator: 'Activator', manual: 'Assigned by hand', unfilled: 'Unfilled' },
    tasks: 'Tasks', task: 'Task', due: 'Due', owner: 'Owner role', assignee: 'Assignee', left: '{{time}} left', overdueBy: 'Overdue by {{time}}', escalated: 'Escalated',
    taskOf: { open: 'Open', in_progress: 'In progress', blocked: 'Blocked', done: 'Done', cancelled: 'Cancelled' },
    start: 'Start', done: 'Done', block: 'Blocked', blockReason: 'What blocks it', taskUpdated: 'Task updated',
    sitreps: 'Situation reports', addSitrep: 'File a situation report', conditions: 'Conditions', actions: 'Actions taken', needs: 'Needs', sitrepAdded: 'Situation report filed', every: 'Every {{minutes}} minutes',
    decisions: 'Decisions', addDecision: 'Record a decision', decision: 'Decision', rationale: 'Rationale', decisionAdded: 'Decision recorded',
    complaints: 'Linked complaints', hidden: '(not visible to you)', via: { trigger: 'Trigger', cluster: 'Same cluster', manual: 'Linked by hand' },
    timeline: 'Timeline', by: '{{name}}', system: 'System', noEntries: 'Nothing yet',
  },
  incTl: {
    activated: 'Plan activated', tasks_planned: 'Tasks planned', role_assigned: 'Role assigned', role_unfilled: 'Role unfilled', task_started: 'Task started', task_done: 'Task done', task_blocked: 'Task blocked',
    task_assigned: 'Task assigned', task_overdue: 'Task overdue', status_changed: 'Status changed', level_changed: 'Level changed', sitrep: 'Situation report', sitrep_due: 'Situation report due', decision: 'Decision',
    complaint_linked: 'Complaint linked', statement_drafted: 'Statement drafted', statement_edited: 'Statement edited', statement_submitted: 'Statement submitted',
    statement_approved: 'Statement approved', statement_published: 'Statement published', statement_withdrawn: 'Statement withdrawn', review_saved: 'Review saved', review_completed: 'Review completed',
    action_added: 'Improvement action', action_done: 'Improvement action done', action_due: 'Improvement action due', other: 'Other',
  },
  comp: {
    title: 'Compensation', propose: 'Propose compensation', kind: 'Kind', amount: 'Amount (CNY)', reason: 'Reason', status: 'Status', approve: 'Approve', refuse: 'Refuse', pay: 'Record payment',
    paymentDate: 'Payment date', reference: 'Reference', note: 'Note', yourLimit: 'Your approval limit: {{amount}}', unlimited: 'Your approval limit: none', totals: 'Proposed {{proposed}} · approved {{approved}} · paid {{paid}}',
    kindOf: { refund: 'Refund', repair: 'Repair', replacement: 'Replacement', cash: 'Cash', voucher: 'Voucher', other: 'Other' },
    statusOf: { proposed: 'Proposed', approved: 'Approved', refused: 'Refused', paid: 'Paid', cancelled: 'Cancelled' }, done: 'Saved', empty: 'No compensation decisions',
  },
  stmt: {
    title: 'Public statements', draft: 'Draft a statement', titleField: 'Title', body: 'Text', submit: 'Submit for approval', approve: 'Approve', publish: 'Publish', withdraw: 'Withdraw', edit: 'Edit',
    statusOf: { draft: 'Draft', submitted: 'Awaiting approval', published: 'Published', withdrawn: 'Withdrawn', superseded: 'Superseded' }, revision: 'Revision {{n}}',
    approvals: 'Approvals', missing: 'Waiting for: {{who}}', approvedBy: '{{capacity}}: {{name}}', capacity: { pr_officer: 'PR officer', leader: 'Leader' }, empty: 'No statements', saved: 'Saved',
    drillNote: 'A drill’s statement stays internal', withdrawReason: 'Why withdraw', publicLink: 'Open the public page',
  },
  res: {
    title: 'Emergency resources', search: 'Search name, description or tag', kind: 'Kind', tag: 'Tag', name: 'Name', contact: 'Contact', quantity: 'Quantity', lowStock: 'Low stock', reveal: 'Show contact',
    revealReason: 'Why you need it', revealed: 'Contact shown (audited)', empty: 'No resources', masked: 'Hidden',
  },
  ctRole: { incident_commander: 'Incident commander', investigation_lead: 'Investigation lead', communication_coordinator: 'Communication coordinator', pr_officer: 'PR officer' },
  oncall: { title: 'On-call schedules', schedule: 'Schedule', role: 'Role', now: 'On call now', next: 'Next shift', override: 'Cover', nobody: 'Nobody on call', empty: 'No schedules', participants: 'Rotation', whoNow: 'Who is on call now' },
  notices: { title: 'Public notices', empty: 'No public notices', back: 'Back to notices', publishedAt: 'Published {{time}}', notFound: 'Notice not found', language: 'Language' },
  ctNew: {
    button: 'New plan', title: 'New contingency plan', create: 'Create draft', key: 'Plan key', keyHelp: 'Starts with a lowercase letter; lowercase letters, digits and underscores only, e.g. canteen_food_safety', department: 'Department (optional)',
    sk: { general: 'This plan sets out how to respond.', duties: 'Leads the response.', response: 'The incident commander leads the response.', step: 'Notify the leader', stepDescription: 'Report to the leader at once.', safeguards: 'Keep communications open.', training: 'Drill once a year.' },
  },
  ctMap: {
    tab: 'Categories and plans', category: 'Complaint category', plan: 'Plan', strategy: 'Response strategy', none: 'None', edit: 'Set', title: 'Category: {{category}}', saved: 'Category settings saved',
    empty: 'No categories', bothLanguages: 'Write the response strategy in both Chinese and English, or leave both empty',
  },
  resEdit: {
    new: 'Add resource', newTitle: 'New resource', editTitle: 'Edit resource', saved: 'Resource saved', description: 'Description', tagsHelp: 'Press Enter after each tag', department: 'Department (optional)',
    unit: 'Unit', lowStockThreshold: 'Low-stock threshold', contactName: 'Contact name', contactPhone: 'Contact phone', contactEmail: 'Contact email', contactKept: 'Contact details are hidden; leave a field empty to keep it, fill it in to replace it',
    nameRequired: 'Enter a name', phoneInvalid: 'Digits, spaces and + ( ) - only', emailInvalid: 'Not a valid email address',
  },
  oncallEdit: {
    new: 'New schedule', newTitle: 'New on-call schedule', name: 'Schedule name', department: 'Department (optional)', departmentHelp: 'Leave empty for the whole organisation', participantsHelp: 'They take turns in the order picked',
    period: 'Handoff every', periodOf: { daily: 'Day', weekly: 'Week' }, handoffTime: 'Handoff time', startsOn: 'First shift on', timezone: 'Time zone', timeInvalid: 'Use HH:MM, e.g. 09:00',
    required: 'Required', saved: 'Schedule saved', addOverride: 'Add cover', overrideTitle: 'Cover for {{name}}', person: 'Covered by', range: 'Time range', from: 'From', to: 'To',
    reason: 'Reason (optional)', removeOverride: 'Remove this cover?',
  },
  ctErrors: {
    invalid_date: 'Not a valid date', invalid_range: 'The end must be after the start', invalid_timezone: 'Unknown time zone', name_required: 'Enter a name', unknown_department: 'Unknown department',
    review_findings_required: 'Write the findings', review_completed: 'The review is already completed', drill_not_finished: 'The drill is not resolved yet', incident_not_drill: 'This is not a drill', action_not_open: 'This action is already done', invalid_due_at: 'Invalid due date', 
    plan_draft_exists: 'A draft already exists; finish it first', plan_key_taken: 'That plan key is taken', plan_version_immutable: 'Only a draft can be changed', plan_not_published: 'This plan has no version in force',
    plan_unknown_role: 'Refers to a role the plan does not define', plan_duplicate_key: 'Key used twice', plan_duplicate_level: 'Two responses for one level', plan_level_response_missing: 'A level in scope has no response',
    unknown_category: 'No such category', plan_changed: 'Someone else changed the plan; reload', plan_required: 'Choose a plan', unknown_plan: 'No such plan', incident_already_active: 'This incident is already running',
    incident_not_active: 'The incident is not active', incident_transition_invalid: 'Not possible from the current status', incident_not_resolved: 'The incident is not resolved yet', level_unchanged: 'The level is the same',
    task_transition_invalid: 'Not possible in the task’s current state', unknown_role: 'No such role', unknown_user: 'No such active user', reason_required: 'Give a reason', note_required: 'Add a note',
    review_required: 'Closing needs a completed review', compensation_over_limit: 'The amount is above your approval limit', compensation_own_proposal: 'You cannot approve your own proposal', compensation_changed: 'Someone else decided this; reload',
    compensation_subject_closed: 'The incident or complaint has ended', statement_already_approved: 'You have approved it already', statement_approvals_missing: 'Approvals are missing', statement_same_approver: 'The PR officer and the leader must be two people',
    statement_not_draft: 'Only a draft can be submitted', statement_not_editable: 'This statement can no longer change', statement_not_submitted: 'The statement is not submitted yet', statement_ended: 'The statement has ended', statement_changed: 'The statement changed; reload',
    statement_text_required: 'Write the title and text in both languages', forbidden: 'You are not allowed to do this', not_found: 'Not found, or you may not see it', validation_failed: 'Some fields are invalid', invalid: 'This field is invalid',
  },
};
