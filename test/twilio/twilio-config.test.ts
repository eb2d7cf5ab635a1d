import { describe, expect, it } from 'vitest';
import { twilioSmsConfigFrom } from '../../bots/sms/twilio/twilio-config.js';
import { ConfigError, parseConfig } from '../../core/config/env.js';

const ACCOUNT_SID = `AC${'4'.repeat(32)}`;
const TOKEN = 'config-test-token-never-printed';

describe('twilioSmsConfigFrom', () => {
  it('leaves the channel off when TWILIO_ACCOUNT_SID is unset', () => {
    expect(twilioSmsConfigFrom(parseConfig({ TWILIO_AUTH_TOKEN: TOKEN }))).toBeUndefined();
  });

  it('gathers the Twilio settings with PUBLIC_URL and SMS_UNICODE', () => {
    const config = parseConfig({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: '+15005550006',
      PUBLIC_URL: 'https://sms.example.vn',
      SMS_UNICODE: 'true',
    });
    expect(twilioSmsConfigFrom(config)).toEqual({
      accountSid: ACCOUNT_SID,
      authToken: TOKEN,
      from: '+15005550006',
      publicUrl: 'https://sms.example.vn',
      unicode: true,
    });
  });

  const incomplete = [
    { description: 'no auth token', env: { TWILIO_FROM: '+15005550006' }, problem: 'TWILIO_AUTH_TOKEN' },
    { description: 'no sender', env: { TWILIO_AUTH_TOKEN: TOKEN }, problem: 'TWILIO_FROM or' },
    {
      description: 'a malformed Messaging Service sid',
      env: { TWILIO_AUTH_TOKEN: TOKEN, TWILIO_MESSAGING_SERVICE_SID: 'MG123' },
      problem: 'TWILIO_MESSAGING_SERVICE_SID',
    },
  ];
  it.each(incomplete)('refuses $description, naming the variable and not the token', ({ env, problem }) => {
    const config = parseConfig({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, ...env });
    const error = catchError(() => twilioSmsConfigFrom(config));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain(problem);
    expect(error?.message).not.toContain(TOKEN);
  });
});

function catchError(run: () => unknown): Error | undefined {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  return undefined;
}
