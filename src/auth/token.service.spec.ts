import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app.config';
import { UsersService } from '../users/users.service';
import { jwtKey } from './jwt-key';
import { SessionsService } from './sessions.service';
import { TokenService } from './token.service';

describe(TokenService.name, () => {
  const secret = 'a-test-secret-that-is-long-enough-for-hs256';
  const jwt = new JwtService({ secret: jwtKey(secret) as unknown as string, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } });
  // decodeAccessToken reads neither sessions nor accounts: only the signature and the claims.
  const service = new TokenService(jwt, {} as SessionsService, {} as UsersService, { accessTokenTtlSeconds: 60 } as AppConfig);
  const user = { id: '64b7f0c2a1b2c3d4e5f60718', email: 'a@example.org', displayName: 'A', sessionId: 's1' };

  afterEach(() => jest.restoreAllMocks());

  it('checks the signature of a token once, however many sockets present it', () => {
    const token = service.signAccessToken(user, 's1');
    const verify = jest.spyOn(jwt, 'verify');
    for (let socket = 0; socket < 10; socket++) expect(service.decodeAccessToken(token)).toMatchObject({ sub: user.id, sid: 's1' });
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('still refuses a remembered token once it has expired', () => {
    const token = service.signAccessToken(user, 's1');
    expect(service.decodeAccessToken(token)).not.toBeNull();
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    expect(service.decodeAccessToken(token)).toBeNull();
  });

  it('never takes a token with a changed byte for one it checked', () => {
    const token = service.signAccessToken(user, 's1');
    expect(service.decodeAccessToken(token)).not.toBeNull();
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'someone-else' })).toString('base64url');
    expect(service.decodeAccessToken(`${header}.${forged}.${signature}`)).toBeNull();
    expect(service.decodeAccessToken(`${token.slice(0, -2)}xx`)).toBeNull();
  });
});
