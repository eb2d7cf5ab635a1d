import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowActions, optionSources } from '../core/actions/index.js';
import { findWard, importAdminUnits, seedSampleAreas } from '../core/db/admin-units-repository.js';
import { resolveIdentity } from '../core/db/identities-repository.js';
import { recordInbound } from '../core/db/messages-repository.js';
import { runInboundTurn } from '../core/dialogs/turn-runner.js';
import { createTranslator } from '../core/i18n/translator.js';
import { flows } from '../prompts/index.js';
import { createPostgresTestDatabase, type TestDatabase } from './support/test-database.js';

// The real ward picker (prompts/ward.ts) on the real catalog, started the way a parent flow or the service starts it.
describe('ward picker', () => {
  let testDb: TestDatabase;
  const translator = createTranslator();
  let sequence = 0;

  const turn = async (user: string, text: string, payload?: unknown) => {
    const db = testDb.handle.db;
    const { identity } = await resolveIdentity(db, { channel: 'sms', externalId: user, locale: 'vi' });
    const { message } = await recordInbound(db, {
      channel: 'sms',
      identityId: identity.id,
      providerMessageId: `w-${sequence++}`,
      text,
      payload,
    });
    const outcome = await runInboundTurn(
      {
        database: testDb.handle,
        translator,
        catalog: { flows, actions: flowActions, optionSources },
        replyStatusOf: () => 'delivered',
        defaultLocale: 'vi',
      },
      message.id,
    );
    if (outcome.status !== 'done') throw new Error(`turn ${outcome.status}`);
    return outcome.replies.map((reply) => ({
      text: reply.text,
      choices: (reply.payload as { choices?: unknown })?.choices,
    }));
  };
  const start = (user: string) => turn(user, '', { systemStart: { flow: 'ward' } });

  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    expect(await seedSampleAreas(testDb.handle.db)).toEqual({ provinces: 1, districts: 11, wards: 170 });
    expect(await seedSampleAreas(testDb.handle.db)).toBeUndefined();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('finds a ward typed without diacritics and offers the best five and "none of these"', async () => {
    expect((await start('+84900000001'))[0]?.text).toMatch(/^Bạn ở phường\/xã nào\?/);
    const [offer] = await turn('+84900000001', 'trang dai bien hoa');
    expect(offer?.text).toBe('Chọn phường/xã của bạn:');
    expect(offer?.choices).toContainEqual({ value: '25993', label: 'Phường Trảng Dài (Biên Hòa)' });
    expect(offer?.choices).toContainEqual({ value: 'retype', label: 'Không có, gõ lại' });
    // The menu comes back once the picker (here the whole conversation) ends.
    const after = await turn('+84900000001', '1');
    expect(after.at(-1)?.text).toBe('Bạn cần gì?');
  });

  it('lets the citizen type again, and re-asks an answer outside the list', async () => {
    await start('+84900000002');
    const [offer] = await turn('+84900000002', 'thanh son');
    const choices = offer?.choices as { value: string }[];
    expect(choices.at(-1)?.value).toBe('retype');
    expect((await turn('+84900000002', String(choices.length)))[0]?.text).toMatch(/^Bạn ở phường\/xã nào\?/);
    await turn('+84900000002', 'ho nai');
    const [reask] = await turn('+84900000002', '9');
    expect(reask?.text).toMatch(/^Vui lòng chọn một số từ 1 đến \d\. Chọn phường\/xã/);
  });

  it('says what it could not find, and gives up with the hotline after three searches', async () => {
    await start('+84900000003');
    expect((await turn('+84900000003', 'Hoan Kiem'))[0]?.text).toBe(
      'Không tìm thấy phường/xã "Hoan Kiem". Hãy gõ lại tên phường/xã và quận/huyện.',
    );
    await turn('+84900000003', 'Atlantis');
    const last = await turn('+84900000003', 'zzz');
    expect(last[0]?.text).toMatch(/1900 9095/);
    expect(last.at(-1)?.text).toBe('Bạn cần gì?');
  });

  it('imports again without duplicates and keeps codes the lookups use', async () => {
    const db = testDb.handle.db;
    const renamed = {
      provinceCode: '75',
      provinceName: 'Tỉnh Đồng Nai',
      districtCode: '731',
      districtName: 'Thành phố Biên Hòa',
      wardCode: '25993',
      wardName: 'Phường Trảng Dài Mới',
    };
    expect(await importAdminUnits(db, [renamed])).toEqual({ provinces: 1, districts: 1, wards: 1 });
    expect(await findWard(db, '25993')).toEqual({
      code: '25993',
      name: 'Phường Trảng Dài Mới',
      districtName: 'Thành phố Biên Hòa',
      provinceName: 'Tỉnh Đồng Nai',
    });
    expect(await findWard(db, '731')).toBeUndefined();
  });
});
