import { InvalidArgumentError } from '../errors/invalid-argument.error.js';

/** Throws unless `value` is a finite number ≥ 0. */
export function assertNonNegative(argument: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(argument, `must be a finite number >= 0, got ${value}`);
  }
}

/** Throws unless `value` is an integer ≥ `min`. */
export function assertInteger(argument: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(argument, `must be an integer >= ${min}, got ${value}`);
  }
}

/** Throws unless `value` is a finite number > 0. */
export function assertPositive(argument: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(argument, `must be a finite number > 0, got ${value}`);
  }
}
