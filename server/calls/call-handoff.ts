/**
 * Where the call leaves the assistant's hands: a transfer to the business's person (Twilio
 * REST; asked by the model's tool or a keypad choice) and the keypad menu's choices. A keyed
 * entry that is no menu choice reaches the model as keys. Twilio's `stop` after a transfer
 * that went through is the transfer, not a hang-up (`transferring`).
 */
import type { CallPrelude } from './call-services.ts';
import type { CallSessionDeps } from './call-session-types.ts';
import type { MenuEntry } from './keypad/menu.ts';
import { choiceNote, keypadChoice, TRANSFER_FAILED_NOTE } from './keypad/menu-choice.ts';
import type { LiveCall } from './live-call.ts';
import { RESUME_NOTE } from './transfer/transfer-twiml.ts';

export interface CallHandoff {
  /** The business's session is known: its keypad menu applies from now on. */
  prepared(prelude: Promise<CallPrelude>): void;
  /** Moves the call to the business's person; false when it could not be done. */
  transfer(reason: string): Promise<boolean>;
  /** A finished keyed entry. */
  keys(digits: string): void;
  /** Whether a key is a menu choice (it ends the entry at once). */
  isMenuKey(digit: string): boolean;
  readonly transferring: boolean;
}

export function createCallHandoff(
  live: LiveCall,
  o: { deps: Pick<CallSessionDeps, 'transfers'>; now: () => number; guard: (fn: () => void) => void },
): CallHandoff {
  let menu: readonly MenuEntry[] = [];
  let prelude: Promise<CallPrelude> | null = null;
  let transferring = false;
  const at = () => o.now() - live.answeredAt;

  async function transfer(reason: string): Promise<boolean> {
    const { call, conversation } = live;
    if (!o.deps.transfers || !call || !prelude || transferring) return transferring;
    const { routing } = await prelude;
    // Twilio may stop the stream before its answer to the update arrives: that stop is the transfer,
    // and the record is written before the tool's own line; this one says it was tried.
    transferring = true;
    conversation?.transcript.add('system', `העברה לנציג: ${reason}`, at());
    const lastCallerLine = conversation?.transcript.turns.findLast(
      (t) => t.speaker === 'caller' && t.kind !== 'dtmf',
    )?.text;
    const outcome = await o.deps.transfers.start({
      callSid: call.callSid,
      callId: call.callId,
      from: call.from,
      to: call.to,
      reason,
      routing,
      lastCallerLine,
    });
    transferring = outcome.ok;
    if (!outcome.ok)
      live.log.info(
        { reason: outcome.reason, code: outcome.code },
        'transfer: not possible, the assistant carries on',
      );
    return outcome.ok;
  }

  return {
    prepared(p) {
      prelude = p;
      p.then((loaded) => {
        menu = loaded.routing.keypadMenu;
      });
    },
    transfer,
    keys(digits) {
      const conversation = live.conversation;
      const choice = keypadChoice(menu, digits);
      if (!choice) {
        conversation?.keyed(digits);
        return;
      }
      live.log.info({ digit: choice.digit, action: choice.action }, 'keypad menu choice');
      if (choice.action !== 'transfer') {
        const last = conversation?.transcript.turns.findLast((t) => t.speaker === 'assistant')?.text ?? null;
        conversation?.instruct(choiceNote(choice.action, last), choice.line);
        return;
      }
      conversation?.transcript.add('caller', choice.line, at(), { kind: 'dtmf' });
      void transfer(choice.line).then((ok) =>
        o.guard(() => {
          if (!ok && live.state === 'live') live.conversation?.instruct(TRANSFER_FAILED_NOTE, '');
        }),
      );
    },
    isMenuKey: (digit) => menu.some((e) => e.digit === digit),
    get transferring() {
      return transferring;
    },
  };
}

/** Back from a transfer nobody took: no greeting; the assistant offers to take a message. */
export function afterTransfer(p: CallPrelude): CallPrelude {
  return {
    ...p,
    cachedGreeting: null,
    greetingKey: { ...p.greetingKey, text: '' },
    greeting: `${p.session.instructions}\n\n${RESUME_NOTE}`,
  };
}
