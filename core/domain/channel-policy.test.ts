import { describe, expect, it } from 'vitest';
import { chooseChannel } from './channel-policy.js';

const policy = ['zalo', 'telegram', 'sms'];
const zalo = { channel: 'zalo', externalId: 'z1', optedOut: false };
const telegram = { channel: 'telegram', externalId: 't1', optedOut: false };

describe('chooseChannel', () => {
  it.each([
    {
      description: 'Zalo first',
      person: { phone: '+84912345678', identities: [telegram, zalo] },
      tried: [],
      expected: { kind: 'send', channel: 'zalo', externalId: 'z1' },
    },
    {
      description: 'falls through after Zalo failed',
      person: { phone: '+84912345678', identities: [zalo] },
      tried: ['zalo'],
      expected: { kind: 'send', channel: 'sms', externalId: '+84912345678' },
    },
    {
      description: 'SMS by phone alone',
      person: { phone: '+84912345678', identities: [] },
      tried: [],
      expected: { kind: 'send', channel: 'sms', externalId: '+84912345678' },
    },
    {
      description: 'skips an opted-out Zalo for Telegram',
      person: { phone: null, identities: [{ ...zalo, optedOut: true }, telegram] },
      tried: [],
      expected: { kind: 'send', channel: 'telegram', externalId: 't1' },
    },
    {
      description: 'opted out everywhere',
      person: { phone: null, identities: [{ ...zalo, optedOut: true }] },
      tried: [],
      expected: { kind: 'skip', reason: 'opted_out' },
    },
    {
      description: 'nothing to reach',
      person: { phone: null, identities: [] },
      tried: [],
      expected: { kind: 'skip', reason: 'no_channel' },
    },
    {
      description: 'every channel tried',
      person: { phone: '+84912345678', identities: [zalo] },
      tried: ['zalo', 'sms'],
      expected: { kind: 'skip', reason: 'all_channels_failed' },
    },
  ])('$description', ({ person, tried, expected }) => {
    expect(chooseChannel(person, policy, tried)).toEqual(expected);
  });

  it('reaches a phone through ZNS, and passes over channels no route takes', () => {
    const person = { phone: '+84912345678', identities: [telegram] };
    const withZns = ['zalo', 'zns', 'telegram', 'sms'];
    expect(chooseChannel(person, withZns, [])).toEqual({ kind: 'send', channel: 'zns', externalId: '+84912345678' });
    const noZnsRoute = (channel: string) => channel !== 'zns';
    expect(chooseChannel(person, withZns, [], noZnsRoute)).toEqual({
      kind: 'send',
      channel: 'telegram',
      externalId: 't1',
    });
    expect(chooseChannel({ phone: '+84912345678', identities: [] }, ['sms'], [], () => false)).toEqual({
      kind: 'skip',
      reason: 'no_channel',
    });
  });
});
