import type { TurnContext } from 'botbuilder-core';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { TranslationVars } from '../i18n/translator.js';
import { recognizeAnswer } from './answer-recognition.js';
import type { AnswerValue, AskStep, FlowDefinition, FlowStep, Next } from './flow.js';
import { type ReplyChoice, say, sayText, turnServices } from './turn-services.js';

export type Answers = Record<string, AnswerValue>;

/** A named action a flow can run; it may return an outcome that the flow branches on. */
export type FlowAction = (input: { context: TurnContext; answers: Answers }) => Promise<AnswerValue | undefined>;

/** Computes the options of a "pick" question, labels already in the citizen's language. */
export type OptionSource = (input: { context: TurnContext; answers: Answers }) => Promise<readonly ReplyChoice[]>;

/** The code a flow may name: actions and option sources (registered in core/actions). */
export interface FlowCode {
  actions: ReadonlyMap<string, FlowAction>;
  optionSources: ReadonlyMap<string, OptionSource>;
}

interface FlowState {
  stepId: string;
  answers: Answers;
  attempts: number;
  /** The options a pending "pick" question showed. */
  offered?: ReplyChoice[];
}

export interface FlowStartOptions {
  answers?: Answers;
  /** A step to start at instead of the first (the menu's question, without its greeting, after a give-up). */
  startAt?: string;
}

/** Passed to endDialog when a citizen could not answer; every flow up the stack ends, and the bot shows the menu. */
export const GAVE_UP = 'gaveUp';
const DEFAULT_MAX_ATTEMPTS = 3;
// A flow that loops through say/action steps without asking would spin forever: stop it loudly.
const MAX_STEPS_PER_TURN = 50;

/** Runs one FlowDefinition as a botbuilder dialog. */
export class FlowDialog extends Dialog<FlowStartOptions> {
  private readonly steps: Map<string, { step: FlowStep; index: number }>;

  constructor(
    private readonly flow: FlowDefinition,
    private readonly code: FlowCode,
  ) {
    super(flow.id);
    this.steps = new Map(flow.steps.map((step, index) => [step.id, { step, index }]));
  }

  override async beginDialog(dc: DialogContext, options?: FlowStartOptions): Promise<DialogTurnResult> {
    const first = options?.startAt ? this.stepById(options.startAt) : this.flow.steps[0];
    if (!first) return dc.endDialog();
    const state: FlowState = { stepId: first.id, answers: { ...options?.answers }, attempts: 0 };
    activeOf(dc).state = state;
    return this.runFrom(dc, state, first.id);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = activeOf(dc).state as FlowState;
    const step = this.stepById(state.stepId);
    if (step.kind !== 'ask') return this.runFrom(dc, state, state.stepId);
    const recognition = this.recognize(dc.context, step, state);
    if (!recognition.ok) {
      state.attempts += 1;
      if (state.attempts >= (this.flow.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) return this.giveUp(dc);
      await this.ask(dc.context, step, state, step.reask ?? recognition.reask, recognition.vars);
      return Dialog.EndOfTurn;
    }
    state.attempts = 0;
    delete state.offered;
    state.answers[step.saveAs ?? step.id] = recognition.value;
    const picked =
      step.answer.type === 'choice' ? step.answer.options.find((o) => o.value === recognition.value) : undefined;
    return this.runFrom(dc, state, picked?.next ?? this.nextOf(step, state.answers));
  }

  override async resumeDialog(dc: DialogContext, _reason: unknown, result?: unknown): Promise<DialogTurnResult> {
    if (result === GAVE_UP) return dc.endDialog(GAVE_UP);
    const state = activeOf(dc).state as FlowState;
    const step = this.stepById(state.stepId);
    if (step.kind === 'flow' && isAnswers(result)) {
      for (const key of step.returns ?? []) {
        const value = result[key];
        if (value !== undefined) state.answers[key] = value;
      }
    }
    return this.runFrom(dc, state, this.nextOf(step, state.answers));
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as FlowState;
    const step = this.stepById(state.stepId);
    if (step.kind === 'ask') await this.ask(context, step, state);
  }

  /**
   * True when the pending question is a closed one (yes/no, choice, pick) that takes this text as its answer:
   * such an answer wins over a flow keyword ("co" answering a yes/no question is "yes", not check-out).
   */
  acceptsAsClosedAnswer(context: TurnContext, instance: DialogInstance, text: string): boolean {
    const state = instance.state as FlowState;
    const step = this.stepById(state.stepId);
    if (step.kind !== 'ask' || !CLOSED_ANSWERS.has(step.answer.type)) return false;
    return this.recognize(context, step, state, text).ok;
  }

  private recognize(context: TurnContext, step: AskStep, state: FlowState, text = context.activity.text ?? '') {
    const services = turnServices(context);
    return recognizeAnswer(step.answer, text, {
      today: services.today,
      optionLabels: (key) => services.translator.t(services.locale, key),
      ...(state.offered ? { offered: state.offered } : {}),
    });
  }

  private async giveUp(dc: DialogContext): Promise<DialogTurnResult> {
    await say(dc.context, 'common:gaveUp');
    return dc.endDialog(GAVE_UP);
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
        case 'ask': {
          if (step.answer.type === 'pick') {
            const source = this.named(this.code.optionSources, 'option source', step.answer.source);
            const options = await source({ context: dc.context, answers: state.answers });
            if (options.length === 0) {
              stepId = step.answer.whenEmpty;
              break;
            }
            state.offered = [...options];
          }
          await this.ask(dc.context, step, state);
          return Dialog.EndOfTurn;
        }
        case 'action': {
          const action = this.named(this.code.actions, 'action', step.action);
          const outcome = await action({ context: dc.context, answers: state.answers });
          if (outcome !== undefined) state.answers[step.id] = outcome;
          stepId = this.nextOf(step, state.answers);
          break;
        }
        case 'flow':
          return dc.beginDialog(step.flow, { answers: state.answers });
        case 'end':
          if (step.gaveUp) return this.giveUp(dc);
          return dc.endDialog(state.answers);
      }
    }
    return dc.endDialog(state.answers);
  }

  private async ask(
    context: TurnContext,
    step: AskStep,
    state: FlowState,
    reask?: string,
    reaskVars?: TranslationVars,
  ): Promise<void> {
    const services = turnServices(context);
    const t = (key: string, vars?: TranslationVars) => services.translator.t(services.locale, key, vars);
    const question = t(step.prompt, state.answers);
    const text = reask ? `${t(reask, reaskVars)} ${question}` : question;
    await sayText(context, text, this.choicesOf(step, state, t));
  }

  private choicesOf(step: AskStep, state: FlowState, t: (key: string) => string): ReplyChoice[] | undefined {
    if (step.answer.type === 'pick') return state.offered;
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

  private named<T>(registry: ReadonlyMap<string, T>, what: string, name: string): T {
    const found = registry.get(name);
    if (!found) throw new Error(`flow ${this.flow.id} uses unknown ${what} ${name}`);
    return found;
  }
}

const CLOSED_ANSWERS: ReadonlySet<AskStep['answer']['type']> = new Set(['yesNo', 'choice', 'pick']);

function isAnswers(value: unknown): value is Answers {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function activeOf(dc: DialogContext): DialogInstance {
  if (!dc.activeDialog) throw new Error('flow dialog called without an active dialog');
  return dc.activeDialog;
}
