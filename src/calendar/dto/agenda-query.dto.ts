import { DAY, OptionalInstant } from '../../common/dto/instant';

/** A window longer than this is a mistake or a probe: the agenda is read a season at a time. */
export const MAX_AGENDA_WINDOW_MS = 400 * DAY;
/** Without `to`: the two months ahead. */
export const DEFAULT_AGENDA_WINDOW_MS = 60 * DAY;

export class AgendaQueryDto {
  @OptionalInstant({ description: 'Start of the window (default: now)' })
  from?: string;

  @OptionalInstant({ description: 'End of the window, after `from` and at most 400 days later (default: 60 days after `from`)' })
  to?: string;
}
