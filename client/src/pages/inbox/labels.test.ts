import { describe, expect, test } from 'bun:test';
import { ApiError } from '../../api';
import type { ChatMessage, ConversationItem } from './data';
import {
  aiDetails,
  aiIsOn,
  composerMode,
  contactsOf,
  listTime,
  locationOf,
  renderTemplate,
  replyError,
  templateParamCount,
} from './labels';

const NOW = Date.parse('2026-05-10T12:00:00Z');
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();

const conversation = (over: Partial<ConversationItem> = {}): ConversationItem => ({
  id: 'c1',
  provider: 'meta',
  contactPhone: '+972501234567',
  contactUserId: null,
  contactName: 'דנה',
  groupId: null,
  isGroup: false,
  leadId: null,
  unreadCount: 0,
  lastMessageAt: iso(60_000),
  lastMessagePreview: 'שלום',
  lastDirection: 'in',
  ai: { state: 'on', changedAt: null, changedBy: null, reason: null, resumeAt: null },
  needsHuman: null,
  window: { open: true, closesAt: iso(-3_600_000) },
  ...over,
});
const template = { name: 'follow_up', language: 'he', body: 'שלום {{1}}, התור שלך ב־{{2}}' };

describe('what staff may send', () => {
  test('free text inside the 24 hours', () => {
    expect(composerMode({ conversation: conversation(), templates: [template] })).toEqual({ kind: 'text' });
  });

  test('only a template once the window closed, when the business has one', () => {
    const closed = conversation({ window: { open: false, closesAt: iso(3_600_000) } });
    expect(composerMode({ conversation: closed, templates: [template] })).toEqual({
      kind: 'template',
      templates: [template],
    });
  });

  test('nothing past the window without templates, and it says where templates are set', () => {
    const closed = conversation({ window: { open: false, closesAt: iso(3_600_000) } });
    const mode = composerMode({ conversation: closed, templates: [] });
    expect(mode.kind).toBe('blocked');
    expect(mode.kind === 'blocked' && mode.reason).toContain('תבנית מאושרת');
  });

  test('a customer who hides their number is refused in Hebrew, whatever the window', () => {
    const hidden = conversation({ contactPhone: null, contactUserId: 'IL.1502576394655843' });
    const mode = composerMode({ conversation: hidden, templates: [template] });
    expect(mode.kind === 'blocked' && mode.reason).toContain('מסתיר את המספר');
  });

  test('a group is never answered from the inbox', () => {
    const group = conversation({ groupId: 'g1', isGroup: true });
    expect(composerMode({ conversation: group, templates: [] }).kind).toBe('blocked');
  });
});

describe('templates', () => {
  test('counts each distinct parameter once', () => {
    expect(templateParamCount(template.body)).toBe(2);
    expect(templateParamCount('{{1}} ו־{{1}} ו־{{2}}')).toBe(2);
    expect(templateParamCount('בלי פרמטרים')).toBe(0);
  });

  test('the preview fills what was typed and leaves the rest as placeholders', () => {
    expect(renderTemplate(template.body, ['רון'])).toBe('שלום רון, התור שלך ב־{{2}}');
    expect(renderTemplate(template.body, ['רון', '16:00'])).toBe('שלום רון, התור שלך ב־16:00');
    expect(renderTemplate(template.body, ['  ', '16:00'])).toBe('שלום {{1}}, התור שלך ב־16:00');
  });
});

describe('the AI toggle', () => {
  const paused = (resumeAt: string | null) => ({
    state: 'paused' as const,
    changedAt: iso(10 * 60_000),
    changedBy: 'דנה כהן',
    reason: 'staff_reply',
    resumeAt,
  });

  test('a pause whose quiet time ran out counts as on', () => {
    expect(aiIsOn(paused(iso(-60_000)), NOW)).toBe(false);
    expect(aiIsOn(paused(iso(60_000)), NOW)).toBe(true);
    expect(aiIsOn(paused(null), NOW)).toBe(false);
  });

  test('says who paused it, why, and when it answers again', () => {
    const text = aiDetails(paused(iso(-50 * 60_000)), NOW);
    expect(text).toContain('על ידי דנה כהן');
    expect(text).toContain('הצוות ענה בשיחה');
    expect(text).toContain('יחזור לענות אחרי');
    expect(aiDetails(paused(null), NOW)).toContain('לא יחזור לענות מעצמו');
  });
});

describe('reply errors in Hebrew', () => {
  test('the closed window', () => {
    const err = new ApiError(409, 'conflict', 'More than 24 hours', { reason: 'window_closed' });
    expect(replyError(err)).toContain('24 שעות');
  });

  test('a hidden number', () => {
    const err = new ApiError(409, 'conflict', 'This customer hides their number; WhatsApp gives no way');
    expect(replyError(err)).toContain('מסתיר את המספר');
  });

  test('a template missing its parameters', () => {
    const err = new ApiError(400, 'validation_failed', '', { fields: { params: 'the template takes 2' } });
    expect(replyError(err)).toContain('הפרמטרים');
  });
});

describe('message details from either provider', () => {
  const inbound = (details: Record<string, unknown> | null) =>
    ({
      id: 'm1',
      direction: 'in',
      at: iso(0),
      kind: 'location',
      body: null,
      senderName: null,
      details,
      media: null,
      transcript: null,
      handling: 'assistant',
      reaction: null,
    }) as ChatMessage;

  test('a location with its name and address', () => {
    expect(
      locationOf(
        inbound({ location: { latitude: 32.08, longitude: 34.78, name: 'המספרה', address: 'דיזנגוף 1' } }),
      ),
    ).toEqual({ latitude: 32.08, longitude: 34.78, name: 'המספרה', address: 'דיזנגוף 1' });
  });

  test('a location without numbers is not shown as one', () => {
    expect(locationOf(inbound({ location: { latitude: '32' } }))).toBeNull();
    expect(locationOf(inbound(null))).toBeNull();
  });

  test('contact cards with their phones; malformed cards read as empty', () => {
    expect(
      contactsOf(
        inbound({
          contacts: [{ name: { formatted_name: 'יוסי' }, phones: [{ phone: '+972521112233' }, {}] }, null],
        }),
      ),
    ).toEqual([
      { name: 'יוסי', phones: ['+972521112233'] },
      { name: '', phones: [] },
    ]);
  });
});

describe('the list time', () => {
  test('today is the hour, yesterday is a word, older is the date', () => {
    expect(listTime(iso(60_000), NOW)).toMatch(/^\d{2}:\d{2}$/);
    expect(listTime(iso(26 * 3_600_000), NOW)).toBe('אתמול');
    expect(listTime(iso(5 * 86_400_000), NOW)).toMatch(/\d/);
    expect(listTime(null, NOW)).toBe('');
  });
});
