import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { ActivityFeedService } from './activity-feed.service';
import { ActivityQueryDto } from './dto/activity-query.dto';

@ApiTags('activity')
@ApiBearerAuth()
@Controller('projects/:id/activity')
export class ActivityController {
  constructor(private readonly feed: ActivityFeedService) {}

  @Get()
  @ApiOkResponse({ description: '`{items:[{seq, type, actorId, at, data}], lastSeq, nextCursor}`, oldest first after `after`' })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Query() query: ActivityQueryDto) {
    return this.feed.read(user.id, id, query);
  }
}
