import { SUPPORTED_LOCALES } from '../config/env.js';
import type { Translator } from '../i18n/translator.js';
import { normalizeAnswer } from '../text/fold.js';
import type { FlowCatalog } from './bot.js';
import type { FlowStep } from './flow.js';

/** Every broken reference in the flows (unknown step, flow, action, or a text missing in a locale); empty when sound. */
export function findFlowProblems(catalog: FlowCatalog, translator: Translator): string[] {
  const problems: string[] = [];
  const flowIds = new Set(catalog.flows.map((flow) => flow.id));
  problems.push(...findKeywordClashes(catalog.flows));
  for (const flow of catalog.flows) {
    const stepIds = new Set<string>();
    for (const step of flow.steps) {
      if (stepIds.has(step.id)) problems.push(`${flow.id}: duplicate step id ${step.id}`);
      stepIds.add(step.id);
    }
    for (const step of flow.steps) {
      const where = `${flow.id}.${step.id}`;
      for (const target of targetsOf(step)) {
        if (!stepIds.has(target)) problems.push(`${where}: goes to unknown step ${target}`);
      }
      if (step.kind === 'flow' && !flowIds.has(step.flow)) problems.push(`${where}: starts unknown flow ${step.flow}`);
      if (step.kind === 'ask' && step.answer.type === 'pick' && !catalog.optionSources.has(step.answer.source)) {
        problems.push(`${where}: picks from unknown option source ${step.answer.source}`);
      }
      if (step.kind === 'action' && !catalog.actions.has(step.action)) {
        problems.push(`${where}: runs unknown action ${step.action}`);
      }
      for (const key of textKeysOf(step)) {
        for (const locale of SUPPORTED_LOCALES) {
          if (!translator.has(locale, key)) problems.push(`${where}: text ${key} missing in ${locale}`);
        }
      }
    }
  }
  return problems;
}

function targetsOf(step: FlowStep): string[] {
  const targets: string[] = [];
  if ('next' in step && step.next !== undefined) {
    if (typeof step.next === 'string') targets.push(step.next);
    else {
      targets.push(...Object.values(step.next.cases));
      if (step.next.otherwise) targets.push(step.next.otherwise);
    }
  }
  if (step.kind === 'ask' && step.answer.type === 'choice') {
    for (const option of step.answer.options) if (option.next) targets.push(option.next);
  }
  if (step.kind === 'ask' && step.answer.type === 'pick') targets.push(step.answer.whenEmpty);
  return targets;
}

function textKeysOf(step: FlowStep): string[] {
  switch (step.kind) {
    case 'say':
      return [step.text];
    case 'ask': {
      const keys = [step.prompt, ...(step.reask ? [step.reask] : [])];
      if (step.answer.type === 'choice') keys.push(...step.answer.options.map((option) => option.label));
      return keys;
    }
    default:
      return [];
  }
}

// The global commands (opt-out, menu, help) are checked before triggers: a flow keyword equal to one never fires.
const GLOBAL_WORDS = ['huy', 'stop', 'tu choi', 'dk', 'start', 'dang ky', '0', 'menu', 'help', 'tro giup'];

function findKeywordClashes(flows: FlowCatalog['flows']): string[] {
  const owners = new Map<string, string>();
  const problems: string[] = [];
  for (const flow of flows) {
    for (const keyword of flow.trigger?.keywords ?? []) {
      const folded = normalizeAnswer(keyword);
      if (folded !== keyword) problems.push(`${flow.id}: trigger keyword "${keyword}" must be folded ("${folded}")`);
      if (GLOBAL_WORDS.includes(folded)) problems.push(`${flow.id}: trigger keyword "${keyword}" is a global command`);
      const owner = owners.get(folded);
      if (owner !== undefined) problems.push(`${flow.id}: trigger keyword "${keyword}" is also ${owner}'s`);
      owners.set(folded, flow.id);
    }
  }
  return problems;
}
