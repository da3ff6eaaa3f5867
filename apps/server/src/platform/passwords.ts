/** argon2id password hashing with parameters from configuration. */
import argon2 from 'argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spend the time of a real verification when there is no account, so timing reveals nothing. */
  verifyNothing(password: string): Promise<void>;
}

export function createPasswordHasher(opts: { memoryKib: number; iterations: number }): PasswordHasher {
  const options = { type: argon2.argon2id as 2, memoryCost: opts.memoryKib, timeCost: opts.iterations, parallelism: 1 };
  let dummy: Promise<string> | undefined;
  const verify = async (hash: string, password: string) => {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  };
  return {
    hash: (password) => argon2.hash(password, options),
    verify,
    async verifyNothing(password) {
      dummy ??= argon2.hash('not-a-real-password-0', options);
      await verify(await dummy, password);
    },
  };
}
