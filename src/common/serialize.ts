import { Types } from 'mongoose';

type WithId = { _id: Types.ObjectId | string; __v?: number };

/** The API shape of a stored document: `id` instead of `_id`, no mongoose internals. */
export function toApi<T extends WithId>(document: T): Omit<T, '_id' | '__v'> & { id: string } {
  const { _id, __v: _version, ...rest } = document;
  return { id: String(_id), ...rest };
}
