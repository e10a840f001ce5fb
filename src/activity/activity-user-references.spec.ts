import { eraseUser, referencingFilter } from './activity-user-references';

const ME = '64b000000000000000000001';
const OTHER = '64b000000000000000000002';
const ERASED = 'Compte supprimé';

describe('eraseUser', () => {
  it('nulls an id and removes it from an id list', () => {
    const data = { task: { title: 'Affiches', createdBy: ME, assigneeUserIds: [OTHER, ME] } };
    expect(eraseUser('task.updated', data, ME, ERASED)).toBe(true);
    expect(data).toEqual({ task: { title: 'Affiches', createdBy: null, assigneeUserIds: [OTHER] } });
  });

  it('replaces the name copied beside the id', () => {
    const data = { message: { authorId: ME, authorName: 'Amina', body: 'Salut' } };
    expect(eraseUser('message.created', data, ME, ERASED)).toBe(true);
    expect(data).toEqual({ message: { authorId: null, authorName: ERASED, body: 'Salut' } });
  });

  it('drops list entries that exist only for the user', () => {
    const data = {
      shift: {
        createdBy: OTHER,
        volunteers: [
          { userId: ME, displayName: 'Amina' },
          { userId: OTHER, displayName: 'Karim' },
        ],
      },
    };
    expect(eraseUser('shift.signed_up', data, ME, ERASED)).toBe(true);
    expect(data.shift.volunteers).toEqual([{ userId: OTHER, displayName: 'Karim' }]);
  });

  it('reaches ids inside lists of objects', () => {
    const data = { project: { createdBy: OTHER, charter: { updatedBy: OTHER }, partners: [{ invitedBy: ME }, { invitedBy: OTHER }] } };
    expect(eraseUser('project.created', data, ME, ERASED)).toBe(true);
    expect(data.project.partners).toEqual([{ invitedBy: null }, { invitedBy: OTHER }]);
  });

  it('leaves other users, missing objects and unknown types alone', () => {
    const data = { booking: { requestedBy: OTHER, decidedBy: null } };
    expect(eraseUser('booking.approved', data, ME, ERASED)).toBe(false);
    expect(data).toEqual({ booking: { requestedBy: OTHER, decidedBy: null } });
    expect(eraseUser('task.created', {}, ME, ERASED)).toBe(false);
    expect(eraseUser('no.such.type', { task: { createdBy: ME } }, ME, ERASED)).toBe(false);
  });
});

describe('referencingFilter', () => {
  it('asks the database for every declared place, array steps dropped', () => {
    const filter = referencingFilter(ME) as { $or: Record<string, string>[] };
    const paths = filter.$or.map((clause) => Object.keys(clause)[0]);
    expect(paths).toEqual(
      expect.arrayContaining(['data.task.assigneeUserIds', 'data.shift.volunteers.userId', 'data.project.partners.invitedBy', 'data.message.authorId']),
    );
    expect(filter.$or.every((clause) => Object.values(clause)[0] === ME)).toBe(true);
    expect(new Set(paths).size).toBe(paths.length);
  });
});
