import { ERRORS, type ErrorBody, type ErrorCode } from '@shared/errors';

/**
 * The one error type services throw. `code` is stable (see shared/errors.ts);
 * `message` is shown to users (Simplified Chinese); `status` is the HTTP status.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: ErrorBody['details'];

  constructor(code: ErrorCode, message?: string, details?: ErrorBody['details']) {
    super(message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }

  toBody(requestId?: string): ErrorBody {
    return { code: this.code, message: this.message, ...(requestId ? { requestId } : {}), ...(this.details ? { details: this.details } : {}) };
  }
}
