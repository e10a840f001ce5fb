/** Actions without a body still refuse unknown fields (400), like every other route. */
export class NoBodyDto {}

/** Routes without query parameters refuse unknown ones (400). */
export class NoQueryDto {}
