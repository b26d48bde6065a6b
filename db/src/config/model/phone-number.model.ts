/** An inbound number (DID) and the call flow it runs; `callFlowId` null: not routed yet. */
export interface PhoneNumber {
  readonly id: string;
  readonly tenantId: string;
  readonly number: string;
  readonly callFlowId: string | null;
  readonly description: string;
  readonly version: number;
}
