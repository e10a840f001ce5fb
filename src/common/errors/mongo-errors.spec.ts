import mongoose from 'mongoose';
import { isDatabaseUnavailableError } from './mongo-errors';

describe(isDatabaseUnavailableError.name, () => {
  const { MongoNetworkError, MongoNetworkTimeoutError, MongoNotConnectedError, MongoServerError, MongoTopologyClosedError } = mongoose.mongo;

  it.each([
    ['a network error', new MongoNetworkError('connection reset')],
    ['a network timeout', new MongoNetworkTimeoutError('timed out')],
    ['a client not connected', new MongoNotConnectedError('not connected')],
    ['a closed topology', new MongoTopologyClosedError()],
    ['a server selection timeout', Object.assign(new Error('Server selection timed out after 1000 ms'), { name: 'MongoServerSelectionError' })],
    ['a cleared pool', Object.assign(new Error('Connection pool was cleared'), { name: 'MongoPoolClearedError' })],
    // The driver does not export this one; its name as the driver writes it (cmap/errors.js).
    [
      'a pool cleared while waiting for the connection',
      Object.assign(new Error('Connection to 127.0.0.1:1 interrupted due to server monitor timeout'), { name: 'PoolClearedOnNetworkError' }),
    ],
    ['a server closed under an operation', new mongoose.mongo.MongoServerClosedError()],
    ['a buffering timeout of mongoose', new mongoose.Error('Operation `tasks.find()` buffering timed out after 10000ms')],
    ['a primary stepping down', new MongoServerError({ message: 'not primary', code: 10107 })],
    ['a wrapped one', new Error('could not save', { cause: new MongoNetworkError('gone') })],
    ['a command written after the server closed the socket', Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' })],
  ])('is true for %s', (_label, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });

  it.each([
    ['a duplicate key', new MongoServerError({ message: 'E11000 duplicate key', code: 11000 })],
    ['a validation error', new mongoose.Error.ValidationError()],
    ['a plain error', new Error('boom')],
    ['another broken pipe', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })],
    ['a string', 'MongoNetworkError'],
    ['nothing', undefined],
  ])('is false for %s', (_label, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(false);
  });
});
