import { Type } from 'typebox';

/**
 * A record id in a request (UUIDv7 or a short code). Never empty: "" is a validation error (400), not
 * a value that reaches the database and fails a foreign key (500). Every id field uses this.
 */
export const Id = Type.String({ minLength: 1, maxLength: 64 });
