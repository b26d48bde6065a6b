/**
 * Global set of tenants that have ACD state in Redis, so background consumers (the statistics
 * forwarder) find every tenant's history stream without scanning the keyspace.
 */
export const ACD_TENANTS_KEY = 'rw:sys:acd:tenants';
