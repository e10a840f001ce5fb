import { ArgumentsHost, Body, Catch, Controller, ExceptionFilter, Get, HttpException, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Types } from 'mongoose';
import { Public } from '../common/decorators/public.decorator';
import { isDatabaseUnavailableError } from '../common/errors/mongo-errors';
import { notFound, ProblemException } from '../common/errors/problem.exception';
import { createValidationPipe } from '../common/pipes/validation.pipe';
import { GuestSignupDto } from './dto/guest-signup.dto';
import { GuestSignupRateLimit } from './guest-signup-rate-limit';
import { GuestSignupsService } from './guest-signups.service';
import { PublicEventsService } from './public-events.service';
import { renderCancelledPage, renderErrorPage, renderEventPage, renderManagePage } from './public-page.html';

/** Errors of the public pages are pages too (404, 429 with Retry-After, 503), never JSON. */
@Catch()
export class PublicPageErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const status = exception instanceof HttpException ? exception.getStatus() : isDatabaseUnavailableError(exception) ? 503 : 500;
    if (status === 503) response.setHeader('Retry-After', '5');
    if (response.headersSent) return;
    response.status(status).type('html').setHeader('Cache-Control', 'no-store').send(renderErrorPage(status));
  }
}

const FORM_FIELDS = ['name', 'email', 'phone', 'website'] as const;
const REFUSALS = { shift_full: 'full', shift_started: 'started', already_signed_up: 'duplicate' } as const;

/**
 * The public web pages of open doors, outside /api: the event page (/e/:slug), its sign-up forms
 * (plain HTML posts: no JavaScript needed) and the guest's personal page (/e/inscription/:token).
 */
@ApiExcludeController()
@Public()
@UseFilters(PublicPageErrorFilter)
@Controller('e')
export class PublicPagesController {
  private readonly validation = createValidationPipe();

  constructor(
    private readonly publicEvents: PublicEventsService,
    private readonly signups: GuestSignupsService,
  ) {}

  @Get('inscription/:token')
  async managePage(@Param('token') token: string, @Query('merci') thanks: string | undefined, @Res() response: Response) {
    const signup = await this.signups.get(token);
    page(response, 200, renderManagePage(signup, this.signups.manageUrl(token), thanks === '1'), 'no-store');
  }

  @Post('inscription/:token/annuler')
  async cancel(@Param('token') token: string, @Res() response: Response) {
    const { event } = await this.signups.get(token);
    await this.signups.cancel(token);
    page(response, 200, renderCancelledPage(event.slug), 'no-store');
  }

  @Get(':slug')
  async eventPage(@Param('slug') slug: string, @Res() response: Response) {
    const view = await this.publicEvents.bySlug(slug);
    page(response, 200, renderEventPage(view), 'no-cache');
  }

  @Post(':slug/creneaux/:shiftId')
  @GuestSignupRateLimit()
  async signUp(@Param('slug') slug: string, @Param('shiftId') shiftId: string, @Body() body: Record<string, unknown>, @Res() response: Response) {
    const event = await this.publicEvents.publicEventBySlug(slug);
    if (!Types.ObjectId.isValid(shiftId) || !/^[0-9a-f]{24}$/.test(shiftId)) throw notFound('Shift');
    const values: Record<string, string> = {};
    for (const field of FORM_FIELDS) if (typeof body?.[field] === 'string') values[field] = body[field];
    if (body?.consent === 'true') values.consent = 'true';
    try {
      const input = (await this.validation.transform(
        { ...values, email: values.email || undefined, phone: values.phone || undefined, consent: values.consent === 'true' },
        { type: 'body', metatype: GuestSignupDto },
      )) as GuestSignupDto;
      const created = await this.signups.signUp(shiftId, input, event._id);
      response.redirect(303, `/e/inscription/${created.manageToken}?merci=1`);
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      const status = error.getStatus();
      const code = error.extras.code as keyof typeof REFUSALS | undefined;
      if (status === 400) {
        // The contact rule is checked after the fields: say it at once with the other mistakes.
        const errors = [...(error.extras.errors ?? [])];
        if (!values.email && !values.phone && !errors.some((entry) => entry.field === 'email')) errors.push({ field: 'email', message: 'required' });
        const view = await this.publicEvents.view(event);
        return page(response, 400, renderEventPage(view, { shiftId, values, errors }), 'no-store');
      }
      if (status === 409 && code && code in REFUSALS) {
        const view = await this.publicEvents.view(event);
        return page(response, 409, renderEventPage(view, undefined, { kind: REFUSALS[code] }), 'no-store');
      }
      throw error;
    }
  }
}

function page(response: Response, status: number, html: string, cacheControl: string): void {
  response.status(status).type('html').setHeader('Cache-Control', cacheControl).send(html);
}
