import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { UserAgent } from '../common/decorators/user-agent.decorator';
import { ApiProblems } from '../common/openapi/problem-details';
import { AuthService } from './auth.service';
import { LoginDto, PasswordResetConfirmDto, PasswordResetRequestDto, RefreshDto, RegisterDto } from './dto/register.dto';
import { LocalAuthGuard } from './guards/local-auth.guard';
import { PasswordResetService } from './password-reset.service';

@ApiTags('auth')
@ApiTooManyRequestsResponse({ description: 'Too many attempts from this address; see Retry-After' })
@Public()
@UseGuards(ThrottlerGuard)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwordReset: PasswordResetService,
  ) {}

  @Post('register')
  @ApiCreatedResponse({ description: '{user, accessToken, refreshToken}' })
  @ApiProblems([409, 'An account already uses this email'])
  register(@Body() body: RegisterDto, @UserAgent() userAgent?: string) {
    return this.auth.register(body, userAgent);
  }

  @Post('login')
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  @ApiOkResponse({ description: '{user, accessToken, refreshToken}' })
  @ApiProblems([401, 'Email or password is incorrect (one message whatever was wrong)'])
  login(@CurrentUser() user: AuthUser, @Body() _body: LoginDto, @UserAgent() userAgent?: string) {
    return this.auth.login(user, userAgent);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ description: 'A new pair; the presented refresh token is spent' })
  @ApiProblems([401, 'Unknown, expired, revoked or already used refresh token (reuse revokes its family)'])
  refresh(@Body() body: RefreshDto) {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The refresh token family is revoked' })
  logout(@Body() body: RefreshDto) {
    return this.auth.logout(body.refreshToken);
  }

  @Post('password-reset')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'Always, whatever the address: a link valid 1 hour is e-mailed when the account exists' })
  requestPasswordReset(@Body() body: PasswordResetRequestDto): void {
    this.passwordReset.request(body.email);
  }

  @Post('password-reset/confirm')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The password is changed and every session of the account ends' })
  @ApiProblems([400, 'The token is unknown, expired or already used (field `token`), or the password is too short'])
  confirmPasswordReset(@Body() body: PasswordResetConfirmDto): Promise<void> {
    return this.passwordReset.confirm(body.token, body.password);
  }
}
