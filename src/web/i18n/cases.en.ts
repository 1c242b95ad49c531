// English strings of the case library (same keys as cases.zh-CN.ts).
import type { casesZh, casesZhErrors } from './cases.zh-CN.js';

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const casesEn: Widen<typeof casesZh> = {
  cases: {
    nav: 'Case library', title: 'Case library', search: 'Search cases (titles, tags, lessons, text)', tag: 'Tag', allTags: 'All tags', empty: 'No cases yet',
    col: { title: 'Title', tags: 'Tags', level: 'Level', created: 'Added', redactions: 'Redactions' },
    detail: { lessons: 'Lessons learned', subject: 'Subject', description: 'Description', location: 'Place', replies: 'Replies', timeline: 'Handling (condensed)', source: 'Source complaint', day: 'Day {{day}}', notFound: 'No such case' },
    make: {
      button: 'Make a case', title: 'Make a case: redaction preview', intro: 'This is stored only in redacted form. Highlighted text is personal data that was found: click to un-tick or tick it again; select text to add a redaction.',
      titleZh: 'Chinese title', titleEn: 'English title', tags: 'Tags', tagsPlaceholder: 'Type and press Enter', lessons: 'Lessons learned', approve: 'Approve redactions and add the case', count: '{{n}} redactions',
      add: 'Redact the selected text as', kindLabel: 'Kind', untick: 'Click to keep this text', retick: 'Click to redact again', created: 'Case added', field: { subject: 'Subject', description: 'Description', location: 'Place', reply: 'Reply', timeline: 'Handling note' },
    },
    kind: { name: 'Name', phone: 'Phone', id_number: 'ID number', passport: 'Passport', email: 'Email', plate: 'Plate', bank_card: 'Card number', address: 'Address' },
  },
};

export const casesEnErrors: Widen<typeof casesZhErrors> = {
  complaint_not_closed: 'Only a closed complaint can become a case', case_exists: 'This complaint is already a case', invalid_redaction: 'A redaction is outside the text', overlapping_redactions: 'Redactions overlap', title_required: 'Both titles are required',
};
