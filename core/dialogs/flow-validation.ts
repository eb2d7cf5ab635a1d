import { SUPPORTED_LOCALES } from '../config/env.js';
import type { Translator } from '../i18n/translator.js';
import type { FlowCatalog } from './bot.js';
import type { FlowStep } from './flow.js';

/** Every broken reference in the flows (unknown step, flow, action, or a text missing in a locale); empty when sound. */
export function findFlowProblems(catalog: FlowCatalog, translator: Translator): string[] {
  const problems: string[] = [];
  const flowIds = new Set(catalog.flows.map((flow) => flow.id));
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
