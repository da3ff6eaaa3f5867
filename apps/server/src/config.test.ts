import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has safe embedded defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.databaseKind).toBe('pglite');
    expect(c.sharedStateKind).toBe('memory');
    expect(c.dataDir.endsWith('data')).toBe(true);
  });
  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATA_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/DATA_ENCRYPTION_KEY/);
    expect(() => loadConfig({ SMS_SENDER: 'http' })).toThrow(ConfigError);
    expect(() => loadConfig({ SMS_SENDER: 'http' })).toThrow(/SMS_HTTP_URL/);
  });
  it('switches to PostgreSQL and Redis when their URLs are set', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(c.databaseKind).toBe('postgres');
    expect(c.sharedStateKind).toBe('redis');
  });
});
