import { Injectable } from '@nestjs/common';

/**
 * What a feature keeps about a user: it adds its part of the export and erases or anonymizes it
 * when the account is deleted. Features register in their module's onModuleInit.
 */
export interface UserDataContributor {
  /** The key of this part in GET /api/me/export. */
  name: string;
  export(userId: string): Promise<unknown>;
  erase(userId: string): Promise<void>;
}

@Injectable()
export class UserDataRegistry {
  private readonly contributors: UserDataContributor[] = [];

  register(contributor: UserDataContributor): void {
    this.contributors.push(contributor);
  }

  async exportAll(userId: string): Promise<Record<string, unknown>> {
    const parts = await Promise.all(this.contributors.map(async (c) => [c.name, await c.export(userId)] as const));
    return Object.fromEntries(parts);
  }

  /** Runs every contributor; each is idempotent so a retried deletion finishes the job. */
  async eraseAll(userId: string): Promise<void> {
    for (const contributor of this.contributors) await contributor.erase(userId);
  }
}
