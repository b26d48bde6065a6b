import { StatisticsError } from './statistics.error.js';

/** A caller handed the writer an event the schema cannot hold; names the field. */
export class InvalidStatisticsEventError extends StatisticsError {
  override readonly name = 'InvalidStatisticsEventError';
  readonly field: string;

  constructor(field: string, problem: string) {
    super('STATS_ERR_INVALID_EVENT', `${field} ${problem}`);
    this.field = field;
  }
}
