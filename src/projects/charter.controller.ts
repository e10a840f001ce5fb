import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { CharterService } from './charter.service';
import { NoQueryDto } from '../common/dto/empty.dto';
import { SignCharterDto, UpdateCharterDto } from './dto/charter.dto';
import { ApiProblems } from '../common/openapi/problem-details';

@ApiTags('charter')
@ApiBearerAuth()
@Controller('projects/:id/charter')
export class CharterController {
  constructor(private readonly charter: CharterService) {}

  @Get()
  @ApiOkResponse({ description: '`{version, text, updatedAt, signatures, unsigned}`; `unsigned`: active partners yet to sign the current version' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Query() _query: NoQueryDto) {
    return this.charter.get(user.id, id);
  }

  @Put()
  @ApiProblems(403)
  @ApiOkResponse({ description: 'The next version, signed by the coordinator; other partners are `unsigned` until they sign it' })
  @ApiConflictResponse({ description: 'Stale `version`: `current` is the charter as it is now' })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Body() body: UpdateCharterDto) {
    return this.charter.update(user.id, id, body);
  }

  @Post('sign')
  @ApiProblems(403)
  @HttpCode(200)
  @ApiOkResponse({ description: 'The charter with the new signature; an invited partner is now active' })
  @ApiConflictResponse({ description: 'Not the current version, or the partner is neither invited nor active' })
  sign(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Body() body: SignCharterDto) {
    return this.charter.sign(user.id, id, body);
  }
}
