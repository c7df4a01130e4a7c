// remoteCallReport: a keyring package states its services' naming conventions as data and gets the
// report of each call. The names here are made up: core knows no service.
import { describe, expect, it } from 'vitest';
import { remoteCallReport, type RemoteCallConventions } from '@envelope/core';

const METRIC = { name: 'acme.vault.duration', description: 'one vault call' };
const CONVENTIONS: RemoteCallConventions = {
  attributes: { 'rpc.system': 'acme-rpc' },
  keyAttribute: 'acme.key',
  resourceListAttribute: 'acme.buckets',
  answerAttributes: { 'acme.request_id': ['meta', 'id'], 'acme.tries': ['meta', 'tries'] },
  outcomeAttribute: 'acme.outcome',
  durationMetrics: { Vault: METRIC },
};

describe('remoteCallReport', () => {
  it('puts the key and resource under the attributes the conventions name', () => {
    const r = remoteCallReport({ service: 'Vault', method: 'Open', location: 'eu-1', key: 'k1', resource: 'b1' }, CONVENTIONS);
    expect(r.attributes).toEqual({ 'rpc.system': 'acme-rpc', 'acme.key': 'k1', 'acme.buckets': ['b1'] });
    expect(r.outcomeAttribute).toBe('acme.outcome');
    expect(r.durationMetric).toEqual(METRIC);
  });

  it('leaves out what the call does not name, and the histogram of a service that has none', () => {
    const r = remoteCallReport({ service: 'Store', method: 'Get', location: 'eu-1' }, CONVENTIONS);
    expect(r.attributes).toEqual({ 'rpc.system': 'acme-rpc' });
    expect(r.durationMetric).toBeUndefined();
    // A service named like an Object.prototype member gets no histogram either.
    expect(remoteCallReport({ service: 'constructor', method: 'Get', location: 'eu-1' }, CONVENTIONS).durationMetric).toBeUndefined();
  });

  it('reads answer attributes by path, keeping 0 and leaving out empty, missing and non-scalar values', () => {
    const describe = remoteCallReport({ service: 'Vault', method: 'Open', location: 'eu-1' }, CONVENTIONS).describeAnswer!;
    expect(describe({ meta: { id: 'r-9', tries: 0 } })).toEqual({ 'acme.request_id': 'r-9', 'acme.tries': 0 });
    expect(describe({ meta: { id: '', tries: { n: 2 } } })).toEqual({});
    expect(describe({ other: 1 })).toEqual({});
    expect(describe(null)).toEqual({});
  });

  it('reports nothing beyond the call itself under empty conventions', () => {
    const r = remoteCallReport({ service: 'Vault', method: 'Open', location: 'eu-1', key: 'k1' }, {});
    expect(r).toEqual({ attributes: {} });
  });
});
