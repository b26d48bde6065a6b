/**
 * The time source of the services that compose the domain. Domain functions take `now` as an
 * argument instead, so they stay pure; services take a Clock so tests can drive time (wrap-up
 * timers, relaxation schedules) without waiting or mocking globals.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}
