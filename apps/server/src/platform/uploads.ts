/** The single uploaded file of a multipart request (field `file`), size-limited while it streams in. */
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

export async function uploadedImage(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  const tooLarge = { reason: `图片不能超过 ${maxBytes / 1024 / 1024} MB`, reasonEn: `an image may be at most ${maxBytes / 1024 / 1024} MB` };
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  const file = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!file) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'file', message: '请选择图片 / Choose an image' }] });
  const data = await file.toBuffer().catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PHOTO_INVALID', { params: tooLarge });
    throw error;
  });
  if (file.file.truncated) throw new AppError('PHOTO_INVALID', { params: tooLarge });
  return data;
}
