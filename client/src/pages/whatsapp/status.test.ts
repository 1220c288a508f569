import { describe, expect, test } from 'bun:test';
import type { Channel } from './data';
import {
  deliveryErrorText,
  PHASE_BADGE,
  POLL_PAIRING_MS,
  POLL_STARTING_MS,
  phaseOf,
  pollDelay,
  reasonText,
  STARTING_FAST_FOR_MS,
} from './status';

const channel = (over: Partial<Channel>): Channel => ({
  provider: 'baileys',
  status: 'not_connected',
  statusReason: null,
  statusChangedAt: '2025-11-03T12:00:00.000Z',
  phoneNumber: null,
  meta: null,
  qr: null,
  ...over,
});

describe('the status badge', () => {
  test('says "not connected" before any link and after an unfinished pairing', () => {
    expect(PHASE_BADGE[phaseOf(null)].label).toBe('לא מחובר');
    const timedOut = channel({ statusReason: 'connection_lost (408)' });
    expect(PHASE_BADGE[phaseOf(timedOut)].label).toBe('לא מחובר');
  });

  test('says "connecting" for a pairing whose QR is not up yet, and "waiting for a scan" once it is', () => {
    expect(PHASE_BADGE[phaseOf(channel({}))].label).toBe('מתחבר…');
    expect(PHASE_BADGE[phaseOf(channel({ status: 'pairing', qr: '2@abc' }))].label).toBe('ממתין לסריקה');
  });

  test('a Meta number not yet connected is not mistaken for a pairing', () => {
    expect(phaseOf(channel({ provider: 'meta' }))).toBe('not_connected');
  });

  test('says "connected" in green and "disconnected" in red', () => {
    expect(PHASE_BADGE[phaseOf(channel({ status: 'connected' }))]).toEqual({ label: 'מחובר', tone: 'green' });
    expect(PHASE_BADGE[phaseOf(channel({ status: 'disconnected' }))]).toEqual({
      label: 'מנותק',
      tone: 'red',
    });
  });
});

describe('polling', () => {
  test('is quick while the QR is being made, calm while it waits, and off otherwise', () => {
    expect(pollDelay('starting', 0)).toBe(POLL_STARTING_MS);
    expect(pollDelay('starting', STARTING_FAST_FOR_MS)).toBe(POLL_PAIRING_MS);
    expect(pollDelay('pairing', 0)).toBe(POLL_PAIRING_MS);
    for (const phase of ['none', 'connected', 'disconnected', 'not_connected'] as const)
      expect(pollDelay(phase, 0)).toBeUndefined();
  });
});

describe('reasons', () => {
  test('a logged-out link asks to reconnect', () => {
    expect(reasonText('disconnected', 'logged_out (401)')).toBe(
      'המכשיר המקושר הוסר מהטלפון. צריך לחבר מחדש.',
    );
  });

  test('a 408 that ends a pairing is a QR nobody scanned, while one on a linked channel is a lost connection', () => {
    expect(reasonText('not_connected', 'connection_lost (408)')).toContain('לא נסרק בזמן');
    expect(reasonText('disconnected', 'connection_lost (408)')).toBe('החיבור ל-WhatsApp אבד.');
  });

  test("a provider's own words are shown as they came", () => {
    expect(reasonText('disconnected', '(#190) Error validating access token')).toBe(
      '(#190) Error validating access token',
    );
    expect(reasonText('connected', null)).toBeUndefined();
  });

  test('delivery failures of our own are in Hebrew, with the attempts counted', () => {
    expect(deliveryErrorText('the business has no connected WhatsApp')).toBe(
      'הוואטסאפ של העסק לא היה מחובר.',
    );
    expect(deliveryErrorText('gave up after 8 attempts: WhatsApp socket is not open')).toBe(
      'נכשלה אחרי 8 ניסיונות: WhatsApp socket is not open',
    );
  });
});
