import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import type { ProblemDocument } from '@maillage/contract';
import { ProblemException, ProblemExtras } from '../errors/problem.exception';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailableError, isDuplicateKeyError } from '../errors/mongo-errors';

/** Turns every error into one shape, RFC 9457 problem details; a 500 never shows internals. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<Request>();
    const problem = this.toProblem(exception);
    problem.instance = request.originalUrl?.split('?')[0];
    if (problem.code === 'database_unavailable') this.logger.warn({ url: request.originalUrl, reason: this.reasonOf(exception) }, 'Database unavailable');
    else if (problem.status >= 500) this.logger.error({ err: exception, url: request.originalUrl }, 'Unhandled error');
    if (response.headersSent) return;
    if (problem.code === 'database_unavailable') response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown): ProblemDocument {
    if (exception instanceof ProblemException) {
      return this.document(exception.getStatus(), exception.message, exception.extras);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest turns the JSON body parser's SyntaxError into a plain BadRequestException.
      if (status === HttpStatus.BAD_REQUEST && /JSON/.test(exception.message)) {
        return this.document(status, 'The request body is not valid JSON', { code: 'malformed_json' });
      }
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : (this.messageOf(body) ?? exception.message);
      return this.document(status, detail, {});
    }
    const bodyParserError = exception as { type?: string; status?: number; expose?: boolean; message?: string };
    if (bodyParserError?.type === 'entity.parse.failed') {
      return this.document(HttpStatus.BAD_REQUEST, 'The request body is not valid JSON', { code: 'malformed_json' });
    }
    if (bodyParserError?.type === 'entity.too.large') {
      return this.document(HttpStatus.PAYLOAD_TOO_LARGE, 'The request body is too large', { code: 'payload_too_large' });
    }
    if (bodyParserError?.expose && typeof bodyParserError.status === 'number' && bodyParserError.status < 500) {
      return this.document(bodyParserError.status, bodyParserError.message ?? 'Bad request', {});
    }
    // The database being down or restarting is not a bug of ours: 503, and the client may retry.
    if (isDatabaseUnavailableError(exception)) {
      return this.document(HttpStatus.SERVICE_UNAVAILABLE, 'The database is unavailable for a moment; retry shortly', { code: 'database_unavailable' });
    }
    if (isDuplicateKeyError(exception)) {
      return this.document(HttpStatus.CONFLICT, 'This already exists', { code: 'duplicate' });
    }
    return this.document(HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error occurred', { code: 'internal' });
  }

  private reasonOf(exception: unknown): string {
    return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
  }

  private messageOf(body: object): string | undefined {
    const message = (body as { message?: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    return typeof message === 'string' ? message : undefined;
  }

  private document(status: number, detail: string, extras: ProblemExtras): ProblemDocument {
    const title = STATUS_CODES[status] ?? 'Error';
    const code = extras.code ?? title.toLowerCase().replace(/[^a-z]+/g, '_');
    return {
      type: `https://maillage.org/problems/${code.replace(/_/g, '-')}`,
      title,
      status,
      detail,
      errors: [],
      ...extras,
      code,
    };
  }
}
