import { Types } from 'mongoose';

/** An id as the database stores it; callers validate user input first (ParseObjectIdPipe, DTOs). */
export const oid = (id: string | Types.ObjectId): Types.ObjectId => new Types.ObjectId(String(id));
