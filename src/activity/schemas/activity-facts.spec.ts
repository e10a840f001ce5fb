import { SchemaType } from 'mongoose';
import { ActivitySchema } from './activity.schema';
import { PendingActivitySchema } from './pending-activity.schema';

describe('ActivityFacts', () => {
  it.each<[string, Record<string, SchemaType>]>([
    ['Activity', ActivitySchema.paths],
    ['PendingActivity', PendingActivitySchema.paths],
  ])('gives %s its type, actorId and at props', (_name, paths) => {
    expect(paths.type.isRequired).toBe(true);
    expect(paths.type.instance).toBe('String');
    expect((paths.actorId as unknown as { defaultValue: unknown }).defaultValue).toBeNull();
    expect(paths.at.isRequired).toBe(true);
    expect(paths.at.instance).toBe('Date');
  });
});
