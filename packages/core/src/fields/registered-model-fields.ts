import type { RegisteredModel } from '../spec/v1/registered-model.js';
import { defineFields } from './field-registry.js';

/** The persisted scalar fields of a registered model (its tags live in a table of their own). */
export const registeredModelFields = defineFields<RegisteredModel>()('registered model', {
  id: { type: 'id' },
  name: { type: 'name', filter: { name: 'name' } },
  description: { type: 'text', isNullable: true, filter: { name: 'description' } },
  createdAt: { type: 'epoch-ms', filter: { name: 'created_at', aliases: ['creation_timestamp'] } },
  updatedAt: { type: 'epoch-ms', filter: { name: 'updated_at', aliases: ['last_updated_timestamp'] } },
});
