import { searchLimits } from '@mlops-ts/core';
import { Type } from 'typebox';
import { IdParameter } from './common-schemas.js';

const Filter = Type.String({ maxLength: searchLimits.filterLength, description: "A filter in the filter language, e.g. \"metrics.accuracy > 0.9 and params.lr = '0.01'\"." });
const OrderBy = Type.Array(Type.String({ maxLength: 1_000 }), { maxItems: searchLimits.orderByTerms, description: "Sort keys, e.g. ['metrics.accuracy DESC']." });
const Limit = Type.Integer({ minimum: 1, maximum: searchLimits.maxPageSize, description: `Items per page, 1 to ${searchLimits.maxPageSize}.` });

const Lifecycle = Type.Union([Type.Literal('active'), Type.Literal('deleted'), Type.Literal('all')], {
  description: "Which items: 'active' (the default), 'deleted' or 'all'. A filter naming lifecycle_stage decides alone.",
});

export const SearchExperimentsRequest = Type.Object({ filter: Type.Optional(Filter), orderBy: Type.Optional(OrderBy), lifecycle: Type.Optional(Lifecycle) }, { additionalProperties: false });

export const SearchRunsRequest = Type.Object(
  {
    experiments: Type.Optional(Type.Array(IdParameter, { minItems: 1, maxItems: 1_000, description: 'Experiment ids or names; all experiments when left out.' })),
    filter: Type.Optional(Filter),
    orderBy: Type.Optional(OrderBy),
    limit: Type.Optional(Limit),
    pageToken: Type.Optional(Type.String({ maxLength: 1_000, description: 'nextPageToken of the previous page of the same search.' })),
    offset: Type.Optional(
      Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: "Matching runs to skip: read any page at once. With pageToken, inside that token's search." }),
    ),
    includeTotal: Type.Optional(Type.Boolean({ description: 'Also answer total, the number of matching runs.' })),
    lifecycle: Type.Optional(Lifecycle),
  },
  { additionalProperties: false },
);

export const RunSearchPageRequest = Type.Object(
  {
    // Every experiment of a store when a search names none: no small cap (ids of experiments that do not exist match no run).
    experimentIds: Type.Array(IdParameter, { minItems: 1, maxItems: 100_000 }),
    filter: Type.Optional(Filter),
    orderBy: Type.Optional(OrderBy),
    limit: Limit,
    offset: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    maxRunId: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false, description: "The store contract's search page: skip offset runs in this order, ignoring runs whose id is greater than maxRunId." },
);

export const SearchRegistryRequest = Type.Object(
  {
    filter: Type.Optional(Filter),
    orderBy: Type.Optional(OrderBy),
    limit: Type.Optional(Limit),
    pageToken: Type.Optional(Type.String({ maxLength: 1_000, description: 'nextPageToken of the previous page of the same search.' })),
  },
  { additionalProperties: false },
);

export const RegistrySearchPageRequest = Type.Object(
  {
    filter: Type.Optional(Filter),
    orderBy: Type.Optional(OrderBy),
    limit: Limit,
    offset: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    maxId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false, description: "The store contract's search page: skip offset items in this order, ignoring items whose id is greater than maxId." },
);
