import { applyDecorators, UseGuards } from '@nestjs/common';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';

/** Sign-ups a client address may attempt in a minute, through the API and the page's form together. */
export const GUEST_SIGNUPS_PER_MINUTE = 20;

/**
 * Per client address (as TRUST_PROXY lets the app see it), one budget shared by every route that
 * signs a guest up: the key leaves out which handler was called. Over budget: 429 with Retry-After.
 * The counters live in each instance's memory, like the auth limit's.
 */
export const GuestSignupRateLimit = () =>
  applyDecorators(
    UseGuards(ThrottlerGuard),
    Throttle({ default: { limit: GUEST_SIGNUPS_PER_MINUTE, ttl: 60_000, generateKey: (_context, tracker, name) => `guest-signup:${name}:${tracker}` } }),
  );
