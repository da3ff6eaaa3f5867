/**
 * The one error type. Services throw AppError with a code; the HTTP layer maps the code to a status
 * (ERROR_STATUS in contracts) and renders the one JSON error shape. Services never see HTTP types.
 */
import { ERROR_STATUS, type ErrorCode, type FieldIssue } from '@gonghui/contracts';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  readonly issues: FieldIssue[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    opts: { params?: Record<string, string | number>; issues?: FieldIssue[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    // An answer such as SOLD_OUT is not a fault: no stack to capture (a grab refuses thousands a second).
    const limit = Error.stackTraceLimit;
    if (ERROR_STATUS[code] < 500) Error.stackTraceLimit = 0;
    try {
      super(code, { cause: opts.cause });
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.name = 'AppError';
    this.code = code;
    this.params = opts.params ?? {};
    this.issues = opts.issues;
    this.headers = opts.headers ?? {};
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
