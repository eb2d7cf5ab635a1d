import { describe, expect, it } from 'vitest';
import { failedOnRowValue, sqlState } from './sql-state.js';

describe('sqlState', () => {
  it("reads the driver's code, bare or wrapped as a cause, and nothing else", () => {
    expect(sqlState(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe('23505');
    expect(sqlState(new Error('Failed query', { cause: Object.assign(new Error('x'), { code: '22P02' }) }))).toBe(
      '22P02',
    );
    expect(sqlState(new Error('Connection terminated unexpectedly'))).toBeUndefined();
    expect(sqlState(Object.assign(new Error('socket'), { code: 42 }))).toBeUndefined();
    expect(sqlState('23505')).toBeUndefined();
    expect(sqlState(null)).toBeUndefined();
  });

  it('tells a row that could not be stored from a database that could not be reached', () => {
    expect(failedOnRowValue(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(true);
    expect(failedOnRowValue(Object.assign(new Error('invalid input syntax'), { code: '22P02' }))).toBe(true);
    expect(failedOnRowValue(Object.assign(new Error('admin shutdown'), { code: '57P01' }))).toBe(false);
    expect(failedOnRowValue(Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(failedOnRowValue(new Error('Connection terminated unexpectedly'))).toBe(false);
  });
});
