import { describe, expect, it } from 'vitest';
import { KeyringError } from '@envelope/core';
import { activeContext, beaconContext, createTimeNow, itemOf, readBranchKeyItem, versionContext } from '../src/branch_key_items.js';

const v = {
  branchKeyId: 'tenant-42',
  version: '5f0b7c9e-3a1d-4e2b-9c8f-0123456789ab',
  createTime: '2026-12-07T15:00:00.123000Z',
  kmsArn: 'arn:aws:kms:us-east-1:111122223333:key/mrk-1234',
  logicalKeyStoreName: 'keystore',
  customContext: { department: 'x' },
};

describe('branch key store items', () => {
  it('the DECRYPT_ONLY, ACTIVE and beacon contexts of the Material Providers Library', () => {
    const version = versionContext(v);
    expect(version).toEqual({
      'branch-key-id': 'tenant-42',
      type: 'branch:version:5f0b7c9e-3a1d-4e2b-9c8f-0123456789ab',
      'create-time': v.createTime,
      tablename: 'keystore',
      'kms-arn': v.kmsArn,
      'hierarchy-version': '1',
      'aws-crypto-ec:department': 'x',
    });
    expect(activeContext(version)).toEqual({ ...version, type: 'branch:ACTIVE', version: 'branch:version:5f0b7c9e-3a1d-4e2b-9c8f-0123456789ab' });
    expect(beaconContext(version)).toEqual({ ...version, type: 'beacon:ACTIVE' });
  });

  it('an item keeps every context pair but tablename, hierarchy-version as a number, and reads back to the same context', () => {
    const active = activeContext(versionContext(v));
    const item = itemOf(active, new Uint8Array([1, 2]));
    expect(item['hierarchy-version']).toEqual({ N: '1' });
    expect(item['tablename']).toBeUndefined();
    expect(item['enc']).toEqual({ B: new Uint8Array([1, 2]) });
    const read = readBranchKeyItem(item, 'keystore');
    expect(read.kmsContext).toEqual(active);
    expect(read.version).toBe(v.version);
    expect(read.customContext).toEqual({ department: 'x' });
    // The logical name comes from the store, so an item moved to another store does not open.
    expect(readBranchKeyItem(item, 'other').kmsContext['tablename']).toBe('other');
  });

  it('refuses items without the attributes the format requires, with a KeyringError', () => {
    const good = itemOf(activeContext(versionContext(v)), new Uint8Array([1]));
    const without = (name: string): typeof good => Object.fromEntries(Object.entries(good).filter(([k]) => k !== name));
    for (const name of ['branch-key-id', 'type', 'enc', 'hierarchy-version', 'kms-arn', 'create-time', 'version']) {
      expect(() => readBranchKeyItem(without(name), 'keystore'), name).toThrow(KeyringError);
    }
    expect(() => readBranchKeyItem({ ...good, 'hierarchy-version': { N: '2' } }, 'keystore')).toThrow(/hierarchy-version 2/);
    expect(() => readBranchKeyItem({ ...good, extra: { N: '5' } }, 'keystore')).toThrow(/not a string/);
    expect(() => readBranchKeyItem({ ...good, type: { S: 'branch:other' } }, 'keystore')).toThrow(/unknown type/);
    expect(() => readBranchKeyItem({ ...good, version: { S: 'branch:version:nope' } }, 'keystore')).toThrow(/not a UUID/);
  });

  it('create-time is ISO 8601 in UTC to the microsecond', () => {
    expect(createTimeNow(new Date(Date.UTC(2026, 11, 7, 15, 0, 0, 123)))).toBe('2026-12-07T15:00:00.123000Z');
  });
});
