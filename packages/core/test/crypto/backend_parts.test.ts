// A backend is put together from its basics, its AES-GCM and its ECDSA: every member of the
// interface comes from the part it belongs to, and nothing else a part's module exports leaks in.
import { describe, expect, it } from 'vitest';
import { backend } from '#crypto-backend';
import { assembleBackend } from '../../src/crypto/backend_parts.js';
import * as nodeAes from '../../src/crypto/node/aes_gcm.js';
import * as nodeEcdsa from '../../src/crypto/node/ec_signing.js';

const MEMBERS = ['name', 'randomBytes', 'equalConstantTime', 'hash', 'hmac', 'hkdf', 'importAesKey', 'exportAesKey', 'seal', 'open', 'sealBatch', 'openBatch', 'sealing', 'opening', 'generateSigningKey', 'exportSigningKey', 'importSigningKey', 'importVerificationKey', 'signer', 'verifier'];

describe('assembleBackend', () => {
  it('takes each member from its part, only the interface members, and freezes the result', () => {
    const { outputBuffer: _native, signerOnThread: _signer, verifierOnThread: _verifier, ...basics } = backend;
    const b = assembleBackend({ ...basics, name: 'parts' }, nodeAes, nodeEcdsa);
    expect(Object.keys(b).sort()).toEqual([...MEMBERS].sort());
    expect(b.name).toBe('parts');
    expect(b.seal).toBe(nodeAes.seal);
    expect(b.openBatch).toBe(nodeAes.openBatch);
    expect(b.signer).toBe(nodeEcdsa.signer);
    expect(b.importVerificationKey).toBe(nodeEcdsa.importVerificationKey);
    expect('NodeAesKey' in b).toBe(false);
    expect(Object.isFrozen(b)).toBe(true);
  });

  it('the backend in use has every member of the interface and no other (the addon adds its output memory and its hash thread)', () => {
    const extras = ['outputBuffer', 'signerOnThread', 'verifierOnThread'] as const;
    const members = backend.name === 'native' ? [...MEMBERS, ...extras] : MEMBERS;
    expect(Object.keys(backend).sort()).toEqual([...members].sort());
    for (const m of extras) expect(typeof backend[m]).toBe(backend.name === 'native' ? 'function' : 'undefined');
  });
});
