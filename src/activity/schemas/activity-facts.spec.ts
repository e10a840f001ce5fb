import { ActivitySchema } from './activity.schema';
import { PendingActivitySchema } from './pending-activity.schema';

describe('ActivityFacts', () => {
  it.each([
    ['Activity', ActivitySchema],
    ['PendingActivity', PendingActivitySchema],
  ])('gives %s its type, actorId and at props', (_name, schema) => {
    expect(schema.path('type').isRequired).toBe(true);
    expect(schema.path('type').instance).toBe('String');
    expect((schema.path('actorId') as unknown as { defaultValue: unknown }).defaultValue).toBeNull();
    expect(schema.path('at').isRequired).toBe(true);
    expect(schema.path('at').instance).toBe('Date');
  });
});
