import { limits } from '@mlops-ts/core';
import { Type, type TSchema } from 'typebox';

/** UUIDs as the core writes them (lowercase hex); ids become repository key segments, so nothing else is accepted where a record is created. */
export const uuidPattern = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** No C0/C1 control characters or DEL: the core refuses them in names, so the server does too. */
export const withoutControlCharacters = '^[^\\u0000-\\u001f\\u007f-\\u009f]*$';

/** The id of a record being created. */
export const NewId = Type.String({ pattern: uuidPattern, description: 'A UUID (v7 when the core made it), lowercase.' });

/** An id in a URL path: any short string, so an unknown id answers 404 as a local store answers null. */
export const IdParameter = Type.String({ minLength: 1, maxLength: 200, pattern: withoutControlCharacters });

/** A name of a metric, param, tag key or similar. */
export const Name = Type.String({ minLength: 1, maxLength: limits.name, pattern: withoutControlCharacters });

/** Epoch milliseconds. */
export const EpochMs = Type.Integer({ minimum: -8.64e15, maximum: 8.64e15, description: 'Epoch milliseconds.' });

/** A whole number in JavaScript's safe range. */
export const SafeInteger = Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER });

/** Tags as the core checks them: keys of 1 to 250 characters, string values of up to 8,000. */
export const Tags = Type.Unsafe<Record<string, string>>({
  type: 'object',
  description: 'String labels: keys of 1 to 250 characters, values of up to 8,000.',
  maxProperties: 1_000,
  propertyNames: { minLength: 1, maxLength: limits.name, pattern: withoutControlCharacters },
  additionalProperties: { type: 'string', maxLength: limits.tagValue },
});

/** Tags in a response (whatever is stored). */
export const StoredTags = Type.Unsafe<Record<string, string>>({ type: 'object', additionalProperties: { type: 'string' } });

/** Keys of tags to remove, in a query string (`?key=a&key=b`). */
export const TagKeys = Type.Union([Name, Type.Array(Name, { minItems: 1, maxItems: 1_000 })], { description: 'A tag key; repeat the parameter for several.' });
export const TagKeysQuery = Type.Object({ key: TagKeys }, { additionalProperties: false });

/** The keys of `TagKeysQuery` as a list. */
export function tagKeysOf(query: { key: string | string[] }): string[] {
  return typeof query.key === 'string' ? [query.key] : query.key;
}

/** The body of every error answer. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: "The MLOpsError code, such as 'NOT_FOUND' (see the README's error table)." }),
    message: Type.String({ description: 'What is wrong and how to fix it.' }),
    offset: Type.Optional(Type.Integer({ minimum: 0, description: 'For a filter or order-by that does not parse: the 0-based position of the problem in that text.' })),
  },
  { description: 'An error: the MLOpsError code and its message.' },
);

/** Error answers a route of `/api/v1` may give, for its OpenAPI description. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries([400, 401, 403, 500, 503, ...statuses].map((status) => [status, ErrorBody]));
}

/** A route's answer with no body. */
export const NoContent = Type.Null({ description: 'No content.' });
