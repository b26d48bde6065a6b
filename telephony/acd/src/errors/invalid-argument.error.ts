import { AcdError } from './acd.error.js';

/** A number or option outside its domain (negative count, target service level of 100 %...). */
export class InvalidArgumentError extends AcdError {
  override readonly name = 'InvalidArgumentError';
  /** The parameter that is wrong, so the API can answer 400 naming the field. */
  readonly argument: string;

  constructor(argument: string, detail: string) {
    super('ACD_ERR_INVALID_ARGUMENT', `${argument} ${detail}`);
    this.argument = argument;
  }
}
