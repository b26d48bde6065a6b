/**
 * Stable error catalog of the ACD domain (fastify `FST_ERR_*` style). A code never changes
 * meaning once released; `httpStatus` is what the API answers when a client request caused it,
 * so the HTTP error mapper needs no ACD-specific knowledge.
 */
export const ACD_ERRORS = {
  ACD_ERR_ILLEGAL_TRANSITION: { httpStatus: 409, message: 'event not allowed in the current agent state' },
  ACD_ERR_CALL_MISMATCH: { httpStatus: 409, message: 'event names a different call than the agent has' },
  ACD_ERR_TENANT_MISMATCH: { httpStatus: 409, message: 'call and agent belong to different tenants' },
  ACD_ERR_INVALID_ARGUMENT: { httpStatus: 400, message: 'invalid argument' },
} as const;

export type AcdErrorCode = keyof typeof ACD_ERRORS;
