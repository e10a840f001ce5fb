import { ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ProblemException, unauthorized } from '../../common/errors/problem.exception';
import { toFieldErrors } from '../../common/pipes/validation.pipe';
import { LoginDto } from '../dto/register.dto';

/** Guards run before pipes, so the login body is validated here to answer 400 rather than 401. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const body = context.switchToHttp().getRequest<{ body: unknown }>().body ?? {};
    const errors = await validate(plainToInstance(LoginDto, body), { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'The request has invalid fields', {
        code: 'validation_failed',
        errors: toFieldErrors(errors),
      });
    }
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T>(error: unknown, user: T): T {
    if (error) throw error;
    if (!user) throw unauthorized('Email or password is incorrect');
    return user;
  }
}
