import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_SECONDS, createTokenSigner } from './tokens.js';

const secret = new TextEncoder().encode('a-test-secret-of-at-least-thirty-two-characters');
const claims = { userId: 'user_1', role: 'learner' as const, deviceId: 'device_1' };

describe('access tokens', () => {
  it('accepts its own token again and again, and refuses it once expired even after it was remembered', async () => {
    let clock = 1_800_000_000_000;
    const signer = createTokenSigner(secret, () => clock);
    const token = await signer.signAccess(claims);
    for (let i = 0; i < 3; i++) expect(await signer.verifyAccess(token)).toMatchObject(claims);
    clock += ACCESS_TOKEN_SECONDS * 1000 - 1;
    expect(await signer.verifyAccess(token)).toMatchObject(claims);
    clock += 1;
    expect(await signer.verifyAccess(token)).toBeNull();
    // A clock set back before the expiry accepts it again, as a full verification would.
    clock -= 10;
    expect(await signer.verifyAccess(token)).toMatchObject(claims);
  });

  it('refuses a token with any byte of its payload or signature changed, though the original was remembered', async () => {
    const clock = 1_800_000_000_000;
    const signer = createTokenSigner(secret, () => clock);
    const token = await signer.signAccess(claims);
    expect(await signer.verifyAccess(token)).not.toBeNull();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    const flip = (text: string) => text.slice(0, -2) + (text.at(-2) === 'A' ? 'B' : 'A') + text.at(-1);
    expect(await signer.verifyAccess(`${header}.${forgedPayload}.${signature}`)).toBeNull();
    expect(await signer.verifyAccess(`${header}.${payload}.${flip(signature)}`)).toBeNull();
    expect(await signer.verifyAccess(`${token}x`)).toBeNull();
  });

  it('refuses a token signed with another secret', async () => {
    const clock = 1_800_000_000_000;
    const other = createTokenSigner(
      new TextEncoder().encode('another-secret-of-at-least-thirty-two-chars'),
      () => clock,
    );
    const signer = createTokenSigner(secret, () => clock);
    expect(await signer.verifyAccess(await other.signAccess(claims))).toBeNull();
  });

  it('keeps a bounded number of verified tokens and still verifies the ones it let go', async () => {
    let clock = 1_800_000_000_000;
    const signer = createTokenSigner(secret, () => clock);
    const first = await signer.signAccess(claims);
    await signer.verifyAccess(first);
    for (let i = 0; i < 10_050; i++) {
      clock += 1;
      await signer.verifyAccess(await signer.signAccess({ ...claims, deviceId: `device_${i}` }));
    }
    expect(await signer.verifyAccess(first)).toMatchObject(claims);
  });
});
