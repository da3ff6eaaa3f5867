import {
  adminIdentityReviewPageSchema,
  adminIdentityReviewSchema,
  identityCorrectionRequestSchema,
  identityReviewQuerySchema,
  idParamSchema,
  ownIdentityReviewSchema,
  PHOTO_MAX_BYTES,
  photoSideSchema,
  reclaimCreatedSchema,
  reclaimRequestSchema,
  reviewDecisionSchema,
  verificationRequestSchema,
  verificationStateSchema,
} from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { adminOf, memberOf } from '../../platform/auth.js';
import { metaOf } from '../../platform/http.js';
import { uploadedImage } from '../../platform/uploads.js';
import * as identity from './identity.service.js';

const photoParams = idParamSchema.extend({ side: photoSideSchema });
const reclaimHeaders = z.object({ 'x-reclaim-token': z.string().min(10).max(100).describe('The reclaimToken returned when the reclaim was filed') });
const uploadSchema = { consumes: ['multipart/form-data'], description: 'multipart/form-data with one file field `file`: JPEG, PNG or WebP, at most 8 MB. It is re-encoded as JPEG without metadata and stored encrypted.' };

export function identityRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const me = ['me'];
    app.get('/api/v1/me/verification', {
      config: { auth: 'member' },
      schema: { tags: me, summary: 'My real-name verification: status, method, latest review, attempts left today', response: { 200: verificationStateSchema } },
    }, async (request) => identity.verificationState(ctx, memberOf(request).accountId));

    app.post('/api/v1/me/verification', {
      config: { auth: 'member' },
      schema: {
        tags: me,
        summary: 'Verify my real name: a provider answers at once, or a review awaits my ID photos. Invalid ID number → 400 ID_NUMBER_INVALID',
        body: verificationRequestSchema,
        response: { 200: verificationStateSchema },
      },
    }, async (request) => identity.submitVerification(ctx, { accountId: memberOf(request).accountId, ...request.body, meta: metaOf(request) }));

    app.post('/api/v1/me/identity-corrections', {
      config: { auth: 'member' },
      schema: { tags: me, summary: 'Ask to correct my name or ID number (reviewed from ID photos)', body: identityCorrectionRequestSchema, response: { 201: ownIdentityReviewSchema } },
    }, async (request, reply) => reply.status(201).send(await identity.requestCorrection(ctx, { accountId: memberOf(request).accountId, ...request.body, meta: metaOf(request) })));

    app.post('/api/v1/me/identity-reviews/:id/photos/:side', {
      config: { auth: 'member' },
      schema: { tags: me, summary: 'Upload the front (人像面) or back (国徽面) of my ID card for a review', ...uploadSchema, params: photoParams, response: { 200: ownIdentityReviewSchema } },
    }, async (request) => identity.attachPhoto(ctx, { ...request.params, data: await uploadedImage(request, PHOTO_MAX_BYTES), owner: { accountId: memberOf(request).accountId }, meta: metaOf(request) }));

    app.post('/api/v1/me/identity-reviews/:id/withdraw', {
      config: { auth: 'member' },
      schema: { tags: me, summary: 'Withdraw my open identity review', params: idParamSchema, response: { 200: ownIdentityReviewSchema } },
    }, async (request) => identity.withdrawReview(ctx, { id: request.params.id, owner: { accountId: memberOf(request).accountId }, meta: metaOf(request) }));

    const auth = ['auth'];
    app.post('/api/v1/auth/reclaims', {
      config: { auth: 'public' },
      schema: {
        tags: auth,
        summary: 'Reclaim an account: the phone (SMS code, purpose reclaim) is held by another login, or my ID number is bound to a login I cannot use',
        body: reclaimRequestSchema,
        response: { 201: reclaimCreatedSchema },
      },
    }, async (request, reply) => reply.status(201).send(await identity.createReclaim(ctx, { ...request.body, meta: metaOf(request) })));

    app.get('/api/v1/auth/reclaims/:id', {
      config: { auth: 'public' },
      schema: { tags: auth, summary: 'The state of my reclaim', params: idParamSchema, headers: reclaimHeaders, response: { 200: ownIdentityReviewSchema } },
    }, async (request) => identity.ownReview(ctx, { id: request.params.id, owner: { reclaimToken: request.headers['x-reclaim-token'] } }));

    app.post('/api/v1/auth/reclaims/:id/photos/:side', {
      config: { auth: 'public' },
      schema: { tags: auth, summary: 'Upload an ID photo for my reclaim', ...uploadSchema, params: photoParams, headers: reclaimHeaders, response: { 200: ownIdentityReviewSchema } },
    }, async (request) => identity.attachPhoto(ctx, { ...request.params, data: await uploadedImage(request, PHOTO_MAX_BYTES), owner: { reclaimToken: request.headers['x-reclaim-token'] }, meta: metaOf(request) }));

    const admin = ['admin: identity reviews'];
    app.get('/api/v1/admin/identity-reviews', {
      config: { permission: 'identity.review' },
      schema: { tags: admin, summary: 'Identity reviews of the scope (masked), the longest-waiting first', querystring: identityReviewQuerySchema, response: { 200: adminIdentityReviewPageSchema } },
    }, async (request) => identity.listQueue(ctx, { actor: adminOf(request), query: request.query }));

    app.get('/api/v1/admin/identity-reviews/:id', {
      config: { permission: 'identity.review' },
      schema: { tags: admin, summary: 'One review with the full ID number, to compare with the photos (audited)', params: idParamSchema, response: { 200: adminIdentityReviewSchema } },
    }, async (request) => identity.reviewDetail(ctx, { actor: adminOf(request), id: request.params.id, meta: metaOf(request) }));

    app.get('/api/v1/admin/identity-reviews/:id/photos/:side', {
      config: { permission: 'identity.review' },
      schema: { tags: admin, summary: 'An ID photo of a review (JPEG, audited)', params: photoParams },
    }, async (request, reply) => {
      const photo = await identity.reviewPhoto(ctx, { actor: adminOf(request), ...request.params, meta: metaOf(request) });
      return reply.header('content-type', photo.contentType).header('cache-control', 'no-store').send(photo.data);
    });

    app.post('/api/v1/admin/identity-reviews/:id/decision', {
      config: { permission: 'identity.review' },
      schema: { tags: admin, summary: 'Approve, or reject with a reason', params: idParamSchema, body: reviewDecisionSchema, response: { 200: adminIdentityReviewSchema } },
    }, async (request) => identity.decide(ctx, { actor: adminOf(request), id: request.params.id, ...request.body, meta: metaOf(request) }));
  };
}
