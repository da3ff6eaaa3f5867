import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ seed: false });
});
afterAll(() => h.close());

describe('GET /api/health', () => {
  it('reports the database and shared state in use', async () => {
    const r = await h.app.inject({ url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'pglite', sharedState: process.env.REDIS_URL ? 'redis' : 'memory' });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
  it('echoes a sane incoming request id', async () => {
    const r = await h.app.inject({ url: '/api/health', headers: { 'x-request-id': 'trace-12345678' } });
    expect(r.headers['x-request-id']).toBe('trace-12345678');
  });
});

describe('OpenAPI', () => {
  it('documents the open API core at /api/openapi.json', async () => {
    const doc = (await h.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/v1/auth/sms-codes', '/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/me', '/api/v1/orgs', '/api/v1/admin/orgs/children']) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema.properties.phone).toBeDefined();
    // the member-journey core the WeChat channels build on
    const core: Array<[string, string]> = [
      ['post', '/api/v1/me/verification'],
      ['get', '/api/v1/orgs'],
      ['post', '/api/v1/me/join-requests'],
      ['get', '/api/v1/me/membership'],
      ['get', '/api/v1/me/card'],
      ['get', '/api/v1/me/notifications'],
    ];
    for (const [method, p] of core) expect(doc.paths[p]?.[method], `${method} ${p}`).toBeDefined();
    expect(Object.keys(doc.paths['/api/v1/me/verification'].post.requestBody.content['application/json'].schema.properties).sort()).toEqual(['idNumber', 'name']);
    expect(doc.paths['/api/v1/me/join-requests'].post.requestBody.content['application/json'].schema.required).toContain('orgId');
    expect(doc.paths['/api/v1/me/membership'].get.responses['200']).toBeDefined();
  });
  it('serves a browsable docs page', async () => {
    const r = await h.app.inject({ url: '/api/docs/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('swagger');
  });
});
