import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument.error.js';
import { abandonRate, averageHandleTime, averageSpeedOfAnswer } from './call-handling.metric.js';
import { addQueueCallTotals, EMPTY_QUEUE_CALL_TOTALS, totalQueueCalls, type QueueCallRecord } from './queue-call-totals.js';
import { serviceLevel } from './service-level.metric.js';

const answered = (waitSeconds: number, talkSeconds = 0, holdSeconds = 0, wrapUpSeconds = 0): QueueCallRecord => ({
  outcome: 'answered',
  waitSeconds,
  talkSeconds,
  holdSeconds,
  wrapUpSeconds,
});
const abandoned = (waitSeconds: number): QueueCallRecord => ({ outcome: 'abandoned', waitSeconds });

// Ten calls, objective 20 s, short abandon ≤ 5 s:
// answered at 5, 12, 20 (boundary: in), 21, 45 s → 3 of 5 within threshold;
// abandoned at 2, 5 (boundary: short), 30, 60, 90 s → 2 short abandons of 5.
const RECORDS: QueueCallRecord[] = [
  answered(5, 100, 10, 20),
  answered(12, 200, 0, 30),
  answered(20, 150, 20, 10),
  answered(21, 300, 0, 0),
  answered(45, 50, 0, 10),
  abandoned(2),
  abandoned(5),
  abandoned(30),
  abandoned(60),
  abandoned(90),
];
const THRESHOLDS = { thresholdSeconds: 20, shortAbandonSeconds: 5 };
const TOTALS = totalQueueCalls(RECORDS, THRESHOLDS);

describe('queue call totals', () => {
  it('counts and sums by hand', () => {
    expect(TOTALS).toEqual({
      answered: 5,
      answeredWithinThreshold: 3,
      abandoned: 5,
      shortAbandoned: 2,
      answerWaitSeconds: 5 + 12 + 20 + 21 + 45,
      talkSeconds: 800,
      holdSeconds: 30,
      wrapUpSeconds: 70,
    });
  });

  it('adds intervals to the same totals as one interval', () => {
    const split = addQueueCallTotals(totalQueueCalls(RECORDS.slice(0, 4), THRESHOLDS), totalQueueCalls(RECORDS.slice(4), THRESHOLDS));
    expect(split).toEqual(TOTALS);
  });

  it('refuses negative durations', () => {
    expect(() => totalQueueCalls([answered(-1)], THRESHOLDS)).toThrow(InvalidArgumentError);
  });
});

describe('service level', () => {
  it('abandons count against: 3 / (5 + 5) = 0.3', () => {
    expect(serviceLevel(TOTALS, 'abandons-count-against')).toBeCloseTo(0.3, 12);
  });

  it('abandons ignored: 3 / 5 = 0.6', () => {
    expect(serviceLevel(TOTALS, 'abandons-ignored')).toBeCloseTo(0.6, 12);
  });

  it('short abandons ignored: 3 / (5 + 5 - 2) = 0.375', () => {
    expect(serviceLevel(TOTALS, 'short-abandons-ignored')).toBeCloseTo(0.375, 12);
  });

  it('moves with the threshold', () => {
    expect(serviceLevel(totalQueueCalls(RECORDS, { thresholdSeconds: 19, shortAbandonSeconds: 5 }), 'abandons-ignored')).toBeCloseTo(0.4, 12);
    expect(serviceLevel(totalQueueCalls(RECORDS, { thresholdSeconds: 20, shortAbandonSeconds: 4 }), 'short-abandons-ignored')).toBeCloseTo(3 / 9, 12);
  });

  it('is null without calls, and without answered calls when abandons are ignored', () => {
    expect(serviceLevel(EMPTY_QUEUE_CALL_TOTALS, 'abandons-count-against')).toBeNull();
    const onlyAbandons = totalQueueCalls([abandoned(30)], THRESHOLDS);
    expect(serviceLevel(onlyAbandons, 'abandons-ignored')).toBeNull();
    expect(serviceLevel(onlyAbandons, 'abandons-count-against')).toBe(0);
    expect(serviceLevel(totalQueueCalls([abandoned(1)], THRESHOLDS), 'short-abandons-ignored')).toBeNull();
  });

  it('refuses impossible totals', () => {
    expect(() => serviceLevel({ ...TOTALS, answeredWithinThreshold: 6 }, 'abandons-ignored')).toThrow(InvalidArgumentError);
    expect(() => serviceLevel({ ...TOTALS, shortAbandoned: 6 }, 'abandons-ignored')).toThrow(InvalidArgumentError);
  });
});

describe('ASA, AHT and abandon rate', () => {
  it('ASA is the mean wait of answered calls only: 103 / 5 = 20.6 s', () => {
    expect(averageSpeedOfAnswer(TOTALS)).toBeCloseTo(20.6, 12);
  });

  it('AHT is (talk + hold + wrap-up) / answered: (800 + 30 + 70) / 5 = 180 s', () => {
    expect(averageHandleTime(TOTALS)).toBeCloseTo(180, 12);
  });

  it('abandon rate is 5 / 10 = 0.5, or 3 / 8 = 0.375 without short abandons', () => {
    expect(abandonRate(TOTALS)).toBeCloseTo(0.5, 12);
    expect(abandonRate(TOTALS, { ignoreShortAbandons: true })).toBeCloseTo(0.375, 12);
  });

  it('are null when there is nothing to divide by', () => {
    expect(averageSpeedOfAnswer(EMPTY_QUEUE_CALL_TOTALS)).toBeNull();
    expect(averageHandleTime(EMPTY_QUEUE_CALL_TOTALS)).toBeNull();
    expect(abandonRate(EMPTY_QUEUE_CALL_TOTALS)).toBeNull();
  });
});
