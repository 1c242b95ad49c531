// Request and response schemas of /open311/v2 (GeoReport v2). Field names are the spec's.
import { Type, type Static, type TSchema } from 'typebox';
import { FORMATS } from './open311.format.js';

const FormatParam = Type.Union(FORMATS.map((f) => Type.Literal(f)), { description: 'Response format: json or xml' });
const Str = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });
const Nullable = (s: TSchema) => Type.Union([s, Type.Null()]);
const Locale = Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')], { description: 'Language of names (default: the organisation’s)' }));
const Jurisdiction = Type.Optional(Str(100, 'Accepted and ignored: one jurisdiction per server'));

export const FormatParams = Type.Object({ format: FormatParam });
export const ServiceParams = Type.Object({ service_code: Type.String({ minLength: 1, maxLength: 64 }), format: FormatParam });
export const RequestParams = Type.Object({ service_request_id: Type.String({ minLength: 1, maxLength: 64, description: 'The tracking number' }), format: FormatParam });
export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 64 }), format: FormatParam });

export const LocaleQuery = Type.Object({ jurisdiction_id: Jurisdiction, locale: Locale }, { additionalProperties: false });

export const RequestsQuery = Type.Object(
  {
    service_request_id: Type.Optional(Str(2000, 'Comma-separated tracking numbers; when given, the other filters are ignored')),
    service_code: Type.Optional(Str(2000, 'Comma-separated service codes')),
    start_date: Type.Optional(Str(64, 'W3C ISO 8601; default end_date − 90 days')),
    end_date: Type.Optional(Str(64, 'W3C ISO 8601; default now')),
    status: Type.Optional(Str(100, 'open, closed, or both comma-separated')),
    jurisdiction_id: Jurisdiction,
    locale: Locale,
  },
  { additionalProperties: false },
);
export type RequestsQuery = Static<typeof RequestsQuery>;

const Coordinate = Type.Union([Type.Number(), Type.String({ maxLength: 40 })]);
const AttributeValue = Type.Union([Str(1000), Type.Array(Str(1000), { maxItems: 50 })]);

/** POST requests.{format}: form-encoded (or JSON) fields as the spec names them. */
export const CreateRequestBody = Type.Object(
  {
    api_key: Type.Optional(Str(200, 'An API token with the open311.submit scope, issued by an administrator')),
    jurisdiction_id: Jurisdiction,
    service_code: Str(64),
    lat: Type.Optional(Coordinate),
    long: Type.Optional(Coordinate),
    address_string: Type.Optional(Str(300)),
    address_id: Type.Optional(Str(100)),
    email: Type.Optional(Str(200)),
    device_id: Type.Optional(Str(200)),
    account_id: Type.Optional(Str(200)),
    first_name: Type.Optional(Str(50)),
    last_name: Type.Optional(Str(50)),
    phone: Type.Optional(Str(40)),
    description: Type.Optional(Str(4000)),
    media_url: Type.Optional(Str(2000)),
    attribute: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), AttributeValue, { maxProperties: 50 })),
  },
  { additionalProperties: false },
);
export type CreateRequestBody = Static<typeof CreateRequestBody>;

// ─── Responses ────────────────────────────────────────────────────────────────────────────────────

const Endpoint = Type.Object({
  specification: Type.String(),
  url: Type.String(),
  changeset: Type.String(),
  type: Type.Union([Type.Literal('production'), Type.Literal('test')]),
  formats: Type.Array(Type.String()),
});
export const DiscoveryOut = Type.Object({ changeset: Type.String(), contact: Type.String(), key_service: Type.String(), endpoints: Type.Array(Endpoint) });

export const ServiceOut = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.Literal('realtime'),
  keywords: Type.String(),
  group: Type.String(),
});
export const ServiceList = Type.Array(ServiceOut);

export const ServiceDefinitionOut = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Type.Object({ code: Type.String() }, { additionalProperties: true }), { description: 'None defined yet: always empty' }),
});

export const CreatedList = Type.Array(
  Type.Object({
    service_request_id: Type.String({ description: 'The tracking number' }),
    token: Type.String({ description: 'Also accepted by tokens/{token}' }),
    service_notice: Type.String(),
    account_id: Nullable(Type.String()),
  }),
);

export const RequestOut = Type.Object({
  service_request_id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Nullable(Type.String()),
  service_name: Nullable(Type.String()),
  service_code: Nullable(Type.String()),
  description: Type.String(),
  agency_responsible: Nullable(Type.String()),
  service_notice: Nullable(Type.String()),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Nullable(Type.String()),
  address: Nullable(Type.String()),
  address_id: Nullable(Type.String()),
  zipcode: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  long: Nullable(Type.Number()),
  media_url: Nullable(Type.String()),
});
export const RequestList = Type.Array(RequestOut);

export const TokenList = Type.Array(Type.Object({ service_request_id: Type.String(), token: Type.String() }));

export const ErrorList = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }), { description: 'GeoReport v2 errors (not problem+json)' });

const XmlText = Type.String({ description: 'The same content as XML' });

/** A route's responses: the success in JSON or XML, and the spec's error lists in both. */
export function open311Responses(status: number, json: TSchema, errors: number[]): Record<number, unknown> {
  const both = (schema: TSchema, description: string) => ({ description, content: { 'application/json': { schema }, 'text/xml': { schema: XmlText } } });
  const out: Record<number, unknown> = { [status]: both(json, 'Success') };
  const texts: Record<number, string> = {
    400: 'A parameter is missing or invalid',
    403: 'The api_key is missing, invalid, revoked or lacks the open311.submit scope',
    404: 'No such service or request',
    413: 'The request body is too large',
    415: 'Unsupported request media type',
    429: 'Too many requests for this api_key; see Retry-After',
  };
  for (const e of errors) out[e] = both(ErrorList, texts[e] ?? 'Error');
  return out;
}
