import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional } from 'class-validator';
import { Types } from 'mongoose';
import type { Mentions } from '@maillage/contract';
import { AccessService } from './access/access.service';
import { IsObjectId } from './dto/object-id';
import { badRequest } from './errors/problem.exception';
import { oid } from './ids';

const MAX_MENTIONS = 50;

/** `mentions` of a message or comment, as the client sends it: the ids it picked in the autocomplete. */
export class MentionsDto {
  @ApiPropertyOptional({ maxItems: MAX_MENTIONS, description: 'People of the project' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MENTIONS)
  @IsObjectId({ each: true })
  userIds?: string[];

  @ApiPropertyOptional({ maxItems: MAX_MENTIONS, description: 'Active partner associations of the project' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MENTIONS)
  @IsObjectId({ each: true })
  associationIds?: string[];
}

/** As stored in a message or comment (null: it mentions nobody). */
export interface StoredMentions {
  userIds: Types.ObjectId[];
  associationIds: Types.ObjectId[];
}

const OBJECT_ID = /^[0-9a-f]{24}$/;

/**
 * Checks that everyone mentioned belongs to the project: associations that are active partners,
 * people who are members of one of them. Anything else answers 400 naming the list (nobody outside
 * the project can be mentioned, nor learn who is in it beyond "not here"). The socket path has no
 * DTO, so the shape is checked here too.
 */
export async function checkMentions(access: AccessService, projectId: Types.ObjectId, given: unknown): Promise<StoredMentions | null> {
  if (given === undefined || given === null) return null;
  if (typeof given !== 'object' || Array.isArray(given)) throw badRequest('mentions', 'must be an object {userIds, associationIds}');
  const { userIds = [], associationIds = [], ...rest } = given as Partial<Record<keyof Mentions, unknown>> & Record<string, unknown>;
  const unknownKey = Object.keys(rest)[0];
  if (unknownKey) throw badRequest(`mentions.${unknownKey}`, 'is not allowed');
  for (const [field, ids] of [
    ['userIds', userIds],
    ['associationIds', associationIds],
  ] as const) {
    if (!Array.isArray(ids) || ids.length > MAX_MENTIONS || !ids.every((id) => typeof id === 'string' && OBJECT_ID.test(id))) {
      throw badRequest(`mentions.${field}`, 'must be a list of ids');
    }
  }
  const users = [...new Set(userIds as string[])];
  const associations = [...new Set(associationIds as string[])];
  if (!users.length && !associations.length) return null;
  const partners = await access.activePartnerIds(projectId);
  if (associations.some((id) => !partners.includes(id))) throw badRequest('mentions.associationIds', 'must be partner associations of the project');
  const members = await access.membersAmong(users.map(oid), partners);
  if (users.some((id) => !members.has(id))) throw badRequest('mentions.userIds', 'must be people of the project');
  return { userIds: users.map(oid), associationIds: associations.map(oid) };
}

/** The view's `mentions` field: absent when the text mentions nobody (as before mentions existed). */
export function mentionsField(stored: StoredMentions | null | undefined): { mentions?: Mentions } {
  if (!stored) return {};
  return { mentions: { userIds: stored.userIds.map(String), associationIds: stored.associationIds.map(String) } };
}
