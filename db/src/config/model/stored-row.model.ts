/**
 * What every admin-editable row adds to the settings an admin submits: its id, its tenant and
 * the optimistic-concurrency `version` the next edit must send back.
 */
export type StoredRow<TSettings> = TSettings & {
  readonly id: string;
  readonly tenantId: string;
  readonly version: number;
};
