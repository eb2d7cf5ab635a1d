import type { TurnContext } from 'botbuilder-core';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { TranslationVars } from '../i18n/translator.js';
import { recognizeAnswer } from './answer-recognition.js';
import type { AnswerValue, AskStep, FlowDefinition, FlowStep, Next } from './flow.js';
import { type ReplyChoice, say, sayText, turnServices } from './turn-services.js';

export type Answers = Record<string, AnswerValue>;

/** A named action a flow can run; it may return an outcome that the flow branches on. */
export type FlowAction = (input: { context: TurnContext; answers: Answers }) => Promise<AnswerValue | undefined>;

interface FlowState {
  stepId: string;
  answers: Answers;
  attempts: number;
}

/** Passed to endDialog when a citizen could not answer; the calling flow (or the bot, with the menu) goes on. */
const GAVE_UP = 'gaveUp';
const DEFAULT_MAX_ATTEMPTS = 3;
// A flow that loops through say/action steps without asking would spin forever: stop it loudly.
const MAX_STEPS_PER_TURN = 50;

/** Runs one FlowDefinition as a botbuilder dialog. */
export class FlowDialog extends Dialog<{ answers?: Answers }> {
  private readonly steps: Map<string, { step: FlowStep; index: number }>;

  constructor(
    private readonly flow: FlowDefinition,
    private readonly actions: ReadonlyMap<string, FlowAction>,
  ) {
    super(flow.id);
    this.steps = new Map(flow.steps.map((step, index) => [step.id, { step, index }]));
  }

  override async beginDialog(dc: DialogContext, options?: { answers?: Answers }): Promise<DialogTurnResult> {
    const first = this.flow.steps[0];
    if (!first) return dc.endDialog();
    const state: FlowState = { stepId: first.id, answers: { ...options?.answers }, attempts: 0 };
    activeOf(dc).state = state;
    return this.runFrom(dc, state, first.id);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = activeOf(dc).state as FlowState;
    const step = this.stepById(state.stepId);
    if (step.kind !== 'ask') return this.runFrom(dc, state, state.stepId);
    const services = turnServices(dc.context);
    const recognition = recognizeAnswer(step.answer, dc.context.activity.text ?? '', {
      today: services.today,
      optionLabels: (key) => services.translator.t(services.locale, key),
    });
    if (!recognition.ok) {
      state.attempts += 1;
      if (state.attempts >= (this.flow.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
        await say(dc.context, 'common:gaveUp');
        return dc.endDialog(GAVE_UP);
      }
      await this.ask(dc.context, step, state.answers, step.reask ?? recognition.reask, recognition.vars);
      return Dialog.EndOfTurn;
    }
    state.attempts = 0;
    state.answers[step.saveAs ?? step.id] = recognition.value;
    const picked =
      step.answer.type === 'choice' ? step.answer.options.find((o) => o.value === recognition.value) : undefined;
    return this.runFrom(dc, state, picked?.next ?? this.nextOf(step, state.answers));
  }

  override async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = activeOf(dc).state as FlowState;
    return this.runFrom(dc, state, this.nextOf(this.stepById(state.stepId), state.answers));
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as FlowState;
    const step = this.stepById(state.stepId);
    if (step.kind === 'ask') await this.ask(context, step, state.answers);
  }

  private async runFrom(dc: DialogContext, state: FlowState, startId: string | undefined): Promise<DialogTurnResult> {
    let stepId = startId;
    for (let taken = 0; stepId !== undefined; taken++) {
      if (taken >= MAX_STEPS_PER_TURN) throw new Error(`flow ${this.flow.id} ran ${taken} steps without asking`);
      const step = this.stepById(stepId);
      state.stepId = step.id;
      switch (step.kind) {
        case 'say':
          await say(dc.context, step.text, state.answers);
          stepId = this.nextOf(step, state.answers);
          break;
        case 'ask':
          await this.ask(dc.context, step, state.answers);
          return Dialog.EndOfTurn;
        case 'action': {
          const outcome = await this.actionNamed(step.action)({ context: dc.context, answers: state.answers });
          if (outcome !== undefined) state.answers[step.id] = outcome;
          stepId = this.nextOf(step, state.answers);
          break;
        }
        case 'flow':
          return dc.beginDialog(step.flow, { answers: state.answers });
        case 'end':
          return dc.endDialog(state.answers);
      }
    }
    return dc.endDialog(state.answers);
  }

  private async ask(
    context: TurnContext,
    step: AskStep,
    answers: Answers,
    reask?: string,
    reaskVars?: TranslationVars,
  ): Promise<void> {
    const services = turnServices(context);
    const t = (key: string, vars?: TranslationVars) => services.translator.t(services.locale, key, vars);
    const question = t(step.prompt, answers);
    const text = reask ? `${t(reask, reaskVars)} ${question}` : question;
    await sayText(context, text, this.choicesOf(step, t));
  }

  private choicesOf(step: AskStep, t: (key: string) => string): ReplyChoice[] | undefined {
    if (step.answer.type === 'choice') return step.answer.options.map((o) => ({ value: o.value, label: t(o.label) }));
    if (step.answer.type === 'yesNo') {
      return [
        { value: 'yes', label: t('common:yes') },
        { value: 'no', label: t('common:no') },
      ];
    }
    return undefined;
  }

  private nextOf(step: FlowStep, answers: Answers): string | undefined {
    const next: Next | undefined = 'next' in step ? step.next : undefined;
    if (next === undefined) return this.flow.steps[(this.steps.get(step.id)?.index ?? -2) + 1]?.id;
    if (typeof next === 'string') return next;
    const value = answers[next.on];
    const key = typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
    return next.cases[key] ?? next.otherwise;
  }

  private stepById(id: string): FlowStep {
    const found = this.steps.get(id);
    if (!found) throw new Error(`flow ${this.flow.id} has no step ${id}`);
    return found.step;
  }

  private actionNamed(name: string): FlowAction {
    const action = this.actions.get(name);
    if (!action) throw new Error(`flow ${this.flow.id} uses unknown action ${name}`);
    return action;
  }
}

function activeOf(dc: DialogContext): DialogInstance {
  if (!dc.activeDialog) throw new Error('flow dialog called without an active dialog');
  return dc.activeDialog;
}
