/** One invalid field of a request. */
export interface FieldError {
  field: string;
  message: string;
  /**
   * The rule the field broke, stable for clients to word it in the reader's language: a
   * class-validator constraint (`isEmail`, `minLength`, `whitelistValidation`…) or a service rule
   * (`not_before_start`, `taken`…); absent where none was given yet (clients fall back on
   * their own general wording).
   */
  code?: string;
}

/** Extra members of a problem document: field errors, the current state on a conflict, a code. */
export interface ProblemExtras {
  code?: string;
  errors?: FieldError[];
  /** On a 409: the object as it is now. */
  current?: unknown;
  /** On a booking conflict: what is in the way. */
  conflicts?: unknown[];
  [member: string]: unknown;
}

/** Every error answer of the API: an RFC 9457 problem details document. */
export interface ProblemDocument extends ProblemExtras {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  errors: FieldError[];
}
