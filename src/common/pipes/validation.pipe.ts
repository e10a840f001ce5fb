import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemException } from '../errors/problem.exception';

/** Flattens class-validator's tree into `[{field: 'checklist.0.text', message}]`. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    // A body that is not an object at all (an array, a string) fails without a property: the body is at fault.
    const field = parent ? `${parent}.${error.property}` : (error.property ?? 'body');
    // The constraint's name is the code: clients word it in the reader's language.
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, 'is not an allowed field'),
      code,
    }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/** Unknown fields are refused, known ones converted to their declared types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) =>
      new ProblemException(HttpStatus.BAD_REQUEST, 'The request has invalid fields', {
        code: 'validation_failed',
        errors: toFieldErrors(errors),
      }),
  });
}
