import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { User, UserSchema } from './schemas/user.schema';
import { UserDataRegistry } from './user-data.registry';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Global so every feature can register its part of the export and erasure. */
@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: User.name, schema: UserSchema }])],
  controllers: [UsersController],
  providers: [UsersService, UserDataRegistry],
  exports: [UsersService, UserDataRegistry, MongooseModule],
})
export class UsersModule {}
