import type { IncomingRequest } from './incoming.request.js';
import type { OutgoingResponse } from './outgoing.response.js';

export type NextFunction = (err?: unknown) => void;

/** Express-like handler; call `next()` to pass on, answer with `res.send()` to stop. */
export type Middleware = (req: IncomingRequest, res: OutgoingResponse, next: NextFunction) => void | Promise<void>;
