import { Type, type Static } from 'typebox';

/**
 * The one error body (RFC 9457 problem+json) as a TypeBox schema: what `problem()` in problem.ts
 * renders. Registered as the OpenAPI component `Problem` and referenced by every operation's error
 * responses (openapi.ts); the response-contract validator checks every 4xx/5xx body against it.
 * Extra members are allowed because errors carry their own details (`errors`, `retryAfter`, `state`…);
 * the known ones are listed so generated clients can read them.
 */
export const ValidationIssue = Type.Object(
  {
    path: Type.String({ description: 'Where the input is wrong, e.g. /body/subject' }),
    message: Type.String(),
  },
  { additionalProperties: false },
);

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'https://redress.dev/problems/<code>' }),
    title: Type.String({ description: 'The HTTP status text' }),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    code: Type.String({ minLength: 1, description: 'Stable machine-readable error code, e.g. validation_failed, not_found, illegal_transition.new.close' }),
    detail: Type.String({ description: 'Human-readable explanation (English)' }),
    errors: Type.Optional(
      Type.Array(Type.Union([ValidationIssue, Type.String()]), {
        description: 'Every problem found: {path, message} for validation_failed; sentences for a rejected rule set, policy or calendar (invalid_rules, invalid_policies…)',
      }),
    ),
    retryAfter: Type.Optional(Type.Integer({ minimum: 0, description: '429/503: seconds until a retry may succeed (also the Retry-After header)' })),
    state: Type.Optional(Type.String({ description: 'illegal_transition.*: the record’s current state' })),
    action: Type.Optional(Type.String({ description: 'illegal_transition.*: the refused action' })),
    version: Type.Optional(Type.Integer({ description: 'stale_version: the current version' })),
  },
  { additionalProperties: true, title: 'Problem' },
);
export type ProblemBody = Static<typeof ProblemSchema>;

export const PROBLEM_COMPONENT = 'Problem';
export const PROBLEM_REF = `#/components/schemas/${PROBLEM_COMPONENT}`;
