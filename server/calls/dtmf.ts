/**
 * Keyed digits, collected into one entry: a caller keying in a phone number presses ten
 * keys and then `#` (or just stops). The entry goes to the model as one line of text, so it
 * can read the number back; `#` ends an entry at once, a pause of `idleMs` ends it too.
 */
import type { Timers } from './types.ts';

export interface DtmfCollectorOptions {
  /** An entry ends after this long without a key (default 2500 ms). */
  idleMs?: number;
  /** An entry never grows past this many keys (default 32); the rest start a new one. */
  maxDigits?: number;
  timers: Timers;
  /**
   * A key of the business's keypad menu: as the first key of an entry it ends the entry
   * after `menuIdleMs` (default 1200) unless another key follows, so a menu choice acts at
   * once while a number keyed quickly is still one entry.
   */
  menuKey?(digit: string): boolean;
  menuIdleMs?: number;
  /** One finished entry: the keys in order, without the closing `#`. */
  onEntry(digits: string): void;
}

export interface DtmfCollector {
  key(digit: string): void;
  /** Sends what was keyed so far (the call is ending) and stops the timer. */
  flush(): void;
}

const KEYS = /^[0-9*#A-D]$/;

export function createDtmfCollector(o: DtmfCollectorOptions): DtmfCollector {
  const idleMs = o.idleMs ?? 2500;
  const maxDigits = o.maxDigits ?? 32;
  let digits = '';
  let timer: unknown = null;

  function flush(): void {
    if (timer !== null) o.timers.clearTimeout(timer);
    timer = null;
    if (!digits) return;
    const entry = digits;
    digits = '';
    o.onEntry(entry);
  }

  return {
    key(digit) {
      if (!KEYS.test(digit)) return;
      if (digit === '#') {
        flush();
        return;
      }
      digits += digit;
      if (digits.length >= maxDigits) {
        flush();
        return;
      }
      if (timer !== null) o.timers.clearTimeout(timer);
      const menuChoice = digits.length === 1 && (o.menuKey?.(digit) ?? false);
      timer = o.timers.setTimeout(flush, menuChoice ? (o.menuIdleMs ?? 1200) : idleMs);
    },
    flush,
  };
}

/** The line the model reads for an entry ("the caller keyed: 0541234567"). */
export function dtmfLine(digits: string): string {
  return `המתקשר הקיש: ${digits}`;
}
