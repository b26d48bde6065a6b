import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.js';

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsf', hash)).toBe(false);
  });

  it('salts: the same password hashes differently twice', async () => {
    expect(await hashPassword('x')).not.toBe(await hashPassword('x'));
  });

  it('treats malformed stored hashes as a mismatch, not a crash', async () => {
    for (const bad of ['', 'plain', 'scrypt$a$b$c$d$e', 'bcrypt$1$1$1$aa$bb', 'scrypt$16384$8$1$c2FsdA==$']) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });
});
