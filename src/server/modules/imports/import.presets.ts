// The two built-in, documented column mappings (README "Imports"): NYC 311 service requests and the
// CFPB consumer complaint database, as in fixtures/datasets/. Categories are matched by name; values
// the organisation has no category or department for are left blank (triage suggests a category).
import type { ImportMapping } from './import.schema.js';

export interface BuiltInPreset {
  id: string;
  name: string;
  mapping: ImportMapping;
  /** The file's header row, to recognise an upload. */
  headers: string[];
}

export const NYC311_PRESET: BuiltInPreset = {
  id: 'builtin:nyc311',
  name: 'NYC 311',
  headers: ['Unique Key', 'Created Date', 'Closed Date', 'Agency', 'Complaint Type', 'Descriptor', 'Incident Address', 'Status', 'Resolution Description', 'Open Data Channel Type'],
  mapping: {
    source: 'nyc311',
    fields: {
      externalId: 'Unique Key',
      receivedAt: 'Created Date',
      closedAt: 'Closed Date',
      channel: 'Open Data Channel Type',
      category: 'Complaint Type',
      subject: ['Complaint Type', 'Descriptor'],
      description: ['Complaint Type', 'Descriptor', 'Location Type'],
      place: ['Incident Address', 'City', 'Incident Zip'],
      department: 'Agency',
      status: 'Status',
      reply: 'Resolution Description',
    },
    categoryBy: 'name',
    values: {
      channel: { PHONE: 'phone', ONLINE: 'web', MOBILE: 'web', '*': 'import' },
      status: { Closed: 'closed', '*': 'received' },
    },
    unknownCategory: 'blank',
    unknownDepartment: 'blank',
    dateOrder: 'mdy',
    timeZone: 'America/New_York',
  },
};

export const CFPB_PRESET: BuiltInPreset = {
  id: 'builtin:cfpb',
  name: 'CFPB',
  headers: ['Date received', 'Product', 'Sub-product', 'Issue', 'Sub-issue', 'Consumer complaint narrative', 'Company', 'State', 'Submitted via', 'Company response to consumer', 'Complaint ID'],
  mapping: {
    source: 'cfpb',
    fields: {
      externalId: 'Complaint ID',
      receivedAt: 'Date received',
      channel: 'Submitted via',
      category: 'Product',
      subject: ['Issue', 'Sub-issue'],
      description: ['Consumer complaint narrative', 'Product', 'Sub-product', 'Company'],
      place: ['State', 'ZIP code'],
      status: 'Company response to consumer',
      reply: 'Company public response',
    },
    categoryBy: 'name',
    values: {
      channel: { Web: 'web', Phone: 'phone', Email: 'email', 'Postal mail': 'letter', Fax: 'letter', '*': 'import' },
      status: { 'In progress': 'received', '*': 'closed' },
    },
    unknownCategory: 'blank',
    unknownDepartment: 'blank',
    timeZone: 'America/New_York',
  },
};

export const BUILT_IN_PRESETS: BuiltInPreset[] = [NYC311_PRESET, CFPB_PRESET];

/** The built-in preset whose columns the file's header row contains, if any. */
export function recognisePreset(headers: string[]): BuiltInPreset | undefined {
  const have = new Set(headers);
  return BUILT_IN_PRESETS.find((p) => p.headers.every((h) => have.has(h)));
}
