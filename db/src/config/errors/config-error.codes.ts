/**
 * Stable error catalog of the admin data model and config cache (fastify `FST_ERR_*` style).
 * A code never changes meaning once released; `httpStatus` lets the one HTTP error mapper
 * answer without knowing this module.
 */
export const CONFIG_ERRORS = {
  RW_ERR_VERSION_CONFLICT: { httpStatus: 409, message: 'the row was changed by someone else since it was read' },
  RW_ERR_NOT_FOUND: { httpStatus: 404, message: 'no such row in this tenant' },
  RW_ERR_DUPLICATE: { httpStatus: 409, message: 'a row with this unique value already exists' },
  RW_ERR_INVALID_REFERENCE: { httpStatus: 400, message: 'a referenced row does not exist in this tenant' },
  RW_ERR_IN_USE: { httpStatus: 409, message: 'the row is still referenced by other configuration' },
  RW_ERR_VALIDATION: { httpStatus: 400, message: 'invalid configuration' },
  RW_ERR_DB_UNAVAILABLE: { httpStatus: 503, message: 'the configuration database (active master) is unreachable' },
  RW_ERR_CONFIG_UNAVAILABLE: { httpStatus: 503, message: 'no configuration: the database is unreachable and there is no cache file' },
} as const;

export type ConfigErrorCode = keyof typeof CONFIG_ERRORS;
