import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument.error.js';
import { estimatedWaitSeconds } from './estimated-wait.metric.js';

describe('estimated wait', () => {
  const recent = [120, 180, 240]; // AHT 180 s

  it('with all 4 agents busy, the 3rd caller waits 3 × 180 / 4 = 135 s', () => {
    expect(estimatedWaitSeconds({ position: 3, idleAgents: 0, staffedAgents: 4, recentHandleSeconds: recent })).toBeCloseTo(135, 12);
  });

  it('idle agents take the first callers at once: position 3 with 1 idle of 4 → 2 × 180 / 4 = 90 s', () => {
    expect(estimatedWaitSeconds({ position: 3, idleAgents: 1, staffedAgents: 4, recentHandleSeconds: recent })).toBeCloseTo(90, 12);
    expect(estimatedWaitSeconds({ position: 1, idleAgents: 1, staffedAgents: 4, recentHandleSeconds: recent })).toBe(0);
  });

  it('is unknown without staffed agents or recent calls', () => {
    expect(estimatedWaitSeconds({ position: 1, idleAgents: 0, staffedAgents: 0, recentHandleSeconds: recent })).toBeNull();
    expect(estimatedWaitSeconds({ position: 1, idleAgents: 0, staffedAgents: 3, recentHandleSeconds: [] })).toBeNull();
  });

  it('refuses impossible input', () => {
    expect(() => estimatedWaitSeconds({ position: 0, idleAgents: 0, staffedAgents: 1, recentHandleSeconds: recent })).toThrow(InvalidArgumentError);
    expect(() => estimatedWaitSeconds({ position: 1, idleAgents: 2, staffedAgents: 1, recentHandleSeconds: recent })).toThrow(InvalidArgumentError);
    expect(() => estimatedWaitSeconds({ position: 1, idleAgents: 0, staffedAgents: 1, recentHandleSeconds: [-5] })).toThrow(InvalidArgumentError);
  });
});
