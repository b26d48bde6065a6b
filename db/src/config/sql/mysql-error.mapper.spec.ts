import { describe, expect, it } from 'vitest';
import { DbUnavailableError } from '../errors/db-unavailable.error.js';
import { DuplicateError } from '../errors/duplicate.error.js';
import { InUseError } from '../errors/in-use.error.js';
import { InvalidReferenceError } from '../errors/invalid-reference.error.js';
import { ValidationError } from '../errors/validation.error.js';
import { isConnectionError, mapMysqlError } from './mysql-error.mapper.js';

/** Shapes as mysql2 produces them (code, errno, message from MariaDB 10.11). */
const driver = (code: string, message: string, fatal = false): Error => Object.assign(new Error(message), { code, fatal });

describe('mapMysqlError', () => {
  it('a lost or refused connection is DB unavailable, keeping the outcome the caller knows', () => {
    const lost = mapMysqlError(driver('PROTOCOL_CONNECTION_LOST', 'Connection lost: The server closed the connection.', true), 'unknown');
    expect(lost).toBeInstanceOf(DbUnavailableError);
    expect((lost as DbUnavailableError).outcome).toBe('unknown');
    expect((lost as DbUnavailableError).code).toBe('RW_ERR_DB_UNAVAILABLE');
    expect(mapMysqlError(driver('ECONNREFUSED', 'connect ECONNREFUSED'))).toBeInstanceOf(DbUnavailableError);
    expect(isConnectionError(driver('ER_SOMETHING', 'x', true))).toBe(true);
  });

  it('names the unique key of a duplicate', () => {
    const e = mapMysqlError(driver('ER_DUP_ENTRY', "Duplicate entry '7-101' for key 'uq_agent_extension'"));
    expect(e).toBeInstanceOf(DuplicateError);
    expect((e as DuplicateError).key).toBe('uq_agent_extension');
  });

  it('foreign-key failures become invalid reference (insert) and in use (delete)', () => {
    const ref = mapMysqlError(
      driver('ER_NO_REFERENCED_ROW_2', 'Cannot add or update a child row: a foreign key constraint fails (`ringwell`.`acd_group_member`, CONSTRAINT `fk_acd_group_member_group` FOREIGN KEY ...)'),
    );
    expect(ref).toBeInstanceOf(InvalidReferenceError);
    expect((ref as Error).message).toContain('fk_acd_group_member_group');
    expect(mapMysqlError(driver('ER_ROW_IS_REFERENCED_2', 'Cannot delete ... CONSTRAINT `fk_phone_number_call_flow` ...'))).toBeInstanceOf(InUseError);
  });

  it('a CHECK refusal (MariaDB errno 4025, which mysql2 names after MySQL) is a validation error naming the check', () => {
    const check = Object.assign(driver('ER_INNODB_AUTOEXTEND_SIZE_OUT_OF_RANGE', 'CONSTRAINT `ck_agent_skill_level` failed for `ringwell`.`agent_skill`'), { errno: 4025 });
    const e = mapMysqlError(check);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues[0]?.path).toBe('ck_agent_skill_level');
  });

  it('passes unknown errors through unchanged', () => {
    const e = driver('ER_PARSE_ERROR', 'You have an error in your SQL syntax');
    expect(mapMysqlError(e)).toBe(e);
  });
});
