import { StatisticsError } from './statistics.error.js';

/** `record` after `close`: the event would have nowhere durable to go. */
export class WriterClosedError extends StatisticsError {
  override readonly name = 'WriterClosedError';

  constructor() {
    super('STATS_ERR_WRITER_CLOSED');
  }
}
