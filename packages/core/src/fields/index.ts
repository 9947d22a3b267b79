export { valueKindOf, type FieldDefinition, type FieldDefinitions, type FieldFilterDefinition, type FieldType, type NumberFieldType, type ScalarFieldsOf, type ScalarPropertyOf, type StringFieldType } from './field-definition.js';
export { defineFields, type DefaultedPropertyOf, type EntityField, type EntityFieldFilter, type FieldRegistry, type FilterNameOf } from './field-registry.js';
export { runFields } from './run-fields.js';
export { experimentFields } from './experiment-fields.js';
export { runArtifactFields } from './run-artifact-fields.js';
export { dataSetFields } from './data-set-fields.js';
export { registeredModelFields } from './registered-model-fields.js';
export { deploymentTargetFields } from './deployment-target-fields.js';
export { deploymentFields } from './deployment-fields.js';
