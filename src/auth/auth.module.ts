import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { jwtKey } from './jwt-key';
import { MongooseModule } from '@nestjs/mongoose';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app.config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { PasswordResetService } from './password-reset.service';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { PasswordReset, PasswordResetSchema, PasswordResetUse, PasswordResetUseSchema } from './schemas/password-reset.schema';
import { RefreshToken, RefreshTokenSchema, RevokedFamily, RevokedFamilySchema } from './schemas/refresh-token.schema';
import { Session, SessionSchema } from './schemas/session.schema';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';
import { JwtStrategy } from './strategies/jwt.strategy';
import { LocalStrategy } from './strategies/local.strategy';
import { TokenService } from './token.service';

@Global()
@Module({
  imports: [
    PassportModule,
    MongooseModule.forFeature([
      { name: RefreshToken.name, schema: RefreshTokenSchema },
      { name: RevokedFamily.name, schema: RevokedFamilySchema },
      { name: Session.name, schema: SessionSchema },
      { name: PasswordReset.name, schema: PasswordResetSchema },
      { name: PasswordResetUse.name, schema: PasswordResetUseSchema },
    ]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // jsonwebtoken takes a KeyObject where @nestjs/jwt's types say string or Buffer.
      useFactory: (config: AppConfig) => ({
        secret: jwtKey(config.jwtSecret) as unknown as string,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      // Only the auth controller uses ThrottlerGuard: these limits are per client address on auth routes.
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.authRateLimitPerMinute }],
        errorMessage: 'Too many attempts from this address; try again after the delay given in Retry-After',
      }),
    }),
  ],
  controllers: [AuthController, SessionsController],
  providers: [AuthService, PasswordResetService, TokenService, SessionsService, LocalStrategy, JwtStrategy, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [TokenService, SessionsService],
})
export class AuthModule {}
