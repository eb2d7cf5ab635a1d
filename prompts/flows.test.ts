import { describe, expect, it } from 'vitest';
import { flowActions, optionSources } from '../core/actions/index.js';
import { findFlowProblems } from '../core/dialogs/flow-validation.js';
import { createTranslator, loadLocaleResources } from '../core/i18n/translator.js';
import { flows } from './index.js';

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe('conversation flows and locales', () => {
  it('every flow reference (steps, flows, actions, texts in vi and en) resolves', () => {
    expect(findFlowProblems({ flows, actions: flowActions, optionSources }, createTranslator())).toEqual([]);
  });

  it('finds a broken flow', () => {
    const broken = [{ id: 'x', steps: [{ kind: 'say' as const, id: 'a', text: 'nope:missing', next: 'zzz' }] }];
    expect(
      findFlowProblems({ flows: broken, actions: new Map(), optionSources: new Map() }, createTranslator()),
    ).toEqual([
      'x.a: goes to unknown step zzz',
      'x.a: text nope:missing missing in vi',
      'x.a: text nope:missing missing in en',
    ]);
  });

  it('vi and en hold exactly the same keys', () => {
    const resources = loadLocaleResources();
    expect(keysOf(resources.en).sort()).toEqual(keysOf(resources.vi).sort());
  });

  it('no text is empty', () => {
    const resources = loadLocaleResources();
    for (const locale of ['vi', 'en'] as const) {
      const leaves = keysOf(resources[locale]).map((key) =>
        key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], resources[locale]),
      );
      expect(leaves.every((text) => typeof text === 'string' && text.trim().length > 0)).toBe(true);
    }
  });

  it('refuses trigger keywords that are unfolded, global commands or taken twice', () => {
    const say = { kind: 'say' as const, id: 'a', text: 'common:help' };
    const keywordFlows = [
      { id: 'x', trigger: { keywords: ['KB', 'huy'] }, steps: [say] },
      { id: 'y', trigger: { keywords: ['kb'] }, steps: [say] },
    ];
    expect(
      findFlowProblems({ flows: keywordFlows, actions: new Map(), optionSources: new Map() }, createTranslator()),
    ).toEqual([
      'x: trigger keyword "KB" must be folded ("kb")',
      'x: trigger keyword "huy" is a global command',
      'y: trigger keyword "kb" is also x\'s',
    ]);
  });
});
