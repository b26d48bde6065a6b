/** Header parameters: name (lower-cased) to value; `null` for a flag parameter such as `;lr`. */
export type SipParams = Map<string, string | null>;

export interface SipUri {
  readonly scheme: string;
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** Host as written, IPv6 references keep their brackets. */
  readonly host: string;
  readonly port: number | undefined;
  readonly params: SipParams;
  readonly headers: string | undefined;
  readonly raw: string;
}

export interface Via {
  /** `SIP/2.0/UDP` style protocol, transport upper-cased. */
  readonly protocol: string;
  readonly transport: string;
  readonly host: string;
  readonly port: number | undefined;
  readonly params: SipParams;
  readonly branch: string | undefined;
  readonly received: string | undefined;
  /** `true` when `;rport` is present without a value (RFC 3581 request from the client). */
  readonly rport: number | true | undefined;
  readonly raw: string;
}

export interface NameAddr {
  readonly displayName: string | undefined;
  /** The URI text; use `parseUri` when its parts are needed. */
  readonly uri: string;
  readonly params: SipParams;
  readonly tag: string | undefined;
  /** Contact: `*` */
  readonly wildcard: boolean;
  readonly raw: string;
}

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

export interface AuthHeader {
  readonly scheme: string;
  readonly params: Map<string, string>;
}
