import { Body, Controller, Delete, Get, HttpCode, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { UpdateMeDto } from './dto/update-me.dto';
import { UsersService } from './users.service';

@ApiTags('account')
@ApiBearerAuth()
@Controller('me')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ description: 'My account, with my calendar feed URL' })
  getMe(@CurrentUser() user: AuthUser) {
    return this.users.getMe(user.id);
  }

  @Patch()
  @ApiOkResponse({ description: 'My updated account' })
  updateMe(@CurrentUser() user: AuthUser, @Body() body: UpdateMeDto) {
    return this.users.updateMe(user.id, body, user.sessionId);
  }

  @Get('export')
  @ApiOkResponse({ description: 'Everything Maillage keeps about me' })
  exportMe(@CurrentUser() user: AuthUser) {
    return this.users.exportMe(user.id);
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Account erased; what I authored is anonymized' })
  deleteMe(@CurrentUser() user: AuthUser) {
    return this.users.deleteMe(user.id);
  }
}
