import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DecisionClosing } from './decision-closing.service';
import { DecisionViews } from './decision-views';
import { DecisionsController } from './decisions.controller';
import { DecisionsService } from './decisions.service';
import {
  Decision,
  DecisionClaim,
  DecisionClaimSchema,
  DecisionSchema,
  DecisionTally,
  DecisionTallySchema,
  DecisionVote,
  DecisionVoteSchema,
} from './schemas/decision.schema';

/** Decisions with one voice per partner association: proposals, votes, and their closing. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Decision.name, schema: DecisionSchema },
      { name: DecisionVote.name, schema: DecisionVoteSchema },
      { name: DecisionClaim.name, schema: DecisionClaimSchema },
      { name: DecisionTally.name, schema: DecisionTallySchema },
    ]),
  ],
  controllers: [DecisionsController],
  providers: [DecisionsService, DecisionViews, DecisionClosing],
  exports: [DecisionViews],
})
export class DecisionsModule {}
