import { Injectable } from '@nestjs/common';

/** How an erased account is named wherever its name had been copied (messages, activities). */
export const ERASED_USER_NAME = 'Compte supprimé';

/**
 * What a feature keeps about a user: it adds its part of the export and erases or anonymizes it
 * when the account is deleted. Features register in their module's onModuleInit.
 */
export interface UserDataContributor {
  /** The key of this part in GET /api/me/export. */
  name: string;
  /** Absent for what is not the user's own data (the projects' activity log). */
  export?(userId: string): Promise<unknown>;
  erase(userId: string): Promise<void>;
}

@Injectable()
export class UserDataRegistry {
  private readonly contributors: UserDataContributor[] = [];

  register(contributor: UserDataContributor): void {
    this.contributors.push(contributor);
  }

  async exportAll(userId: string): Promise<Record<string, unknown>> {
    const exporters = this.contributors.filter((c) => c.export);
    const parts = await Promise.all(exporters.map(async (c) => [c.name, await c.export!(userId)] as const));
    return Object.fromEntries(parts);
  }

  /** Runs every contributor; each is idempotent so a retried deletion finishes the job. */
  async eraseAll(userId: string): Promise<void> {
    for (const contributor of this.contributors) await contributor.erase(userId);
  }
}
