import { Ajv, type ValidateFunction } from 'ajv';
import { COLLECTIONS } from '../../common/collections/index.js';
import type { ReplicatedCollection } from './collection-rules.js';

// multipleOfPrecision: 4.1 is a multiple of 0.01 although 4.1 / 0.01 is 409.99999999999994 in floating point.
const ajv = new Ajv({ strict: false, allErrors: true, multipleOfPrecision: 9 });

/** RxDB's test-suite document (test-utils `schemas.human`), for the test-only `humans` collection. */
const HUMANS_TEST_SCHEMA = {
  properties: {
    passportId: { type: 'string', maxLength: 100 },
    firstName: { type: 'string', maxLength: 100 },
    lastName: { type: 'string', maxLength: 100 },
    age: { type: 'integer', minimum: 0, maximum: 150 },
  },
  required: ['firstName', 'lastName', 'passportId'],
} as const;
const validators = new Map<ReplicatedCollection, ValidateFunction>();

/**
 * The client's own JSON schema for the collection (common/collections), plus `_deleted`;
 * no other fields. The same schema RxDB validates with on the device.
 */
export function validatorFor(collection: ReplicatedCollection): ValidateFunction {
  let validate = validators.get(collection);
  if (!validate) {
    const { schema } = collection === 'humans' ? { schema: HUMANS_TEST_SCHEMA } : COLLECTIONS[collection];
    validate = ajv.compile({
      type: 'object',
      properties: { ...schema.properties, _deleted: { type: 'boolean' } },
      required: [...(schema.required ?? []), '_deleted'],
      additionalProperties: false,
    });
    validators.set(collection, validate);
  }
  return validate;
}

export function validationErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? [])
    .slice(0, 10)
    .map((error) => `${error.instancePath || '(document)'} ${error.message ?? 'is invalid'}`);
}
