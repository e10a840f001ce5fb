import { ApiProperty } from '@nestjs/swagger';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { trim } from '../dto/transforms';

type Constraints = Record<string, unknown>;
/** A DTO class, as the metadata storages key it. */
type DtoClass = abstract new (...args: never[]) => unknown;

// class-transformer keeps its metadata in a storage it does not export from its index.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: { findTransformMetadatas(target: DtoClass, property: string, type: number): { transformFn: unknown }[] };
};
const PLAIN_TO_CLASS = 0;
/** Where @ApiProperty keeps a property's options (DECORATORS.API_MODEL_PROPERTIES, not exported). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

/** A trimmed string must hold something besides spaces to pass a minimum length (\uFEFF included: String#trim removes it). */
const NOT_ONLY_SPACES = '[^\\s\\uFEFF]';

/** What one class-validator rule means in JSON Schema; undefined for rules it cannot say. */
function constraintOf(rule: ValidationMetadata): Constraints | undefined {
  const [first, second] = rule.constraints ?? [];
  switch (rule.name) {
    case 'isString':
    case 'isInstant':
    case 'isCalendarDay':
      return { type: 'string' };
    case 'isInt':
      return { type: 'integer' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'min':
      return { minimum: first };
    case 'max':
      return { maximum: first };
    case 'isLength':
      return { type: 'string', minLength: first, ...(second !== undefined ? { maxLength: second } : {}) };
    case 'minLength':
      return { type: 'string', minLength: first };
    case 'maxLength':
      return { type: 'string', maxLength: first };
    case 'matches':
      return { type: 'string', pattern: (first as RegExp).source };
    case 'isEmail':
      return { type: 'string', format: 'email' };
    case 'isIn':
      return { enum: first };
    case 'equals':
      return { enum: [first] };
    case 'arrayMaxSize':
      return { maxItems: first };
    case 'arrayMinSize':
      return { minItems: first };
    default:
      return undefined;
  }
}

/**
 * Publishes every DTO's validation rules in its Swagger metadata, before the document is generated,
 * so that the OpenAPI document states exactly what the validation pipe enforces — types, bounds,
 * lengths, patterns, enums, which fields may be left out and which may be null — for bodies and
 * query parameters alike, without repeating each rule in an @ApiProperty by hand.
 */
export function publishValidationConstraints(): void {
  const storage = getMetadataStorage();
  const targets = [...(storage as unknown as { validationMetadatas: Map<DtoClass, unknown> }).validationMetadatas.keys()];
  for (const target of targets) {
    const rules = storage.getTargetValidationMetadatas(target, '', true, false);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const rule of rules) byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);

    for (const [property, propertyRules] of byProperty) {
      const documented = Reflect.getMetadata(API_MODEL_PROPERTIES, target.prototype, property) as Constraints | undefined;
      if (!documented) continue;
      const conditional = propertyRules.filter((rule) => rule.type === ValidationTypes.CONDITIONAL_VALIDATION);
      const own: Constraints = { required: conditional.length === 0 };
      // IsOptional skips null as well as undefined; ValidateIf(value !== undefined) still validates null.
      if (conditional.some((rule) => rule.name === 'isOptional')) own.nullable = true;
      const items: Constraints = {};
      for (const rule of propertyRules) {
        const constraint = constraintOf(rule);
        if (constraint) Object.assign(rule.each ? items : own, constraint);
      }
      if (Object.keys(items).length) own.items = { ...((documented.items as Constraints) ?? { type: 'string' }), ...items };
      const trimmed = defaultMetadataStorage.findTransformMetadatas(target, property, PLAIN_TO_CLASS).some((transform) => transform.transformFn === trim);
      if (trimmed && Number(own.minLength ?? 0) >= 1 && own.pattern === undefined) own.pattern = NOT_ONLY_SPACES;
      // Restated, or an inherited property would fall back to its design type (Array for a list of DTOs).
      if (own.type === undefined && documented.type !== undefined) own.type = documented.type;
      if (documented.isArray !== undefined) own.isArray = documented.isArray;
      ApiProperty(own)(target.prototype, property);
    }
  }
}
