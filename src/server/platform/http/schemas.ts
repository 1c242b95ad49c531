import { Type } from 'typebox';

/**
 * A record id in a request (UUIDv7 or a short code). Never empty: "" is a validation error (400), not
 * a value that reaches the database and fails a foreign key (500). Every id field uses this.
 */
export const Id = Type.String({ minLength: 1, maxLength: 64 });

/**
 * The success response of a Server-Sent Events route (it hijacks the reply and writes frames itself),
 * so the contract says text/event-stream rather than JSON.
 */
export const EventStreamResponse = {
  description: 'An open text/event-stream',
  content: { 'text/event-stream': { schema: Type.String({ description: 'SSE frames: id, event, data (JSON); `: ping` comments' }) } },
};
