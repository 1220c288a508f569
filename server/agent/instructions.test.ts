import { expect, test } from 'bun:test';
import { defaultProfile } from './assistant/profile';
import { DEFAULT_PROMPTS } from './assistant/prompts';
import { composeInstructions } from './instructions';

const profile = { ...defaultProfile('מספרת רונית'), address: 'הרצל 5, חיפה', prices: 'תספורת 80 ש"ח' };
const voice = composeInstructions({
  businessName: 'מספרת רונית',
  profile,
  prompt: 'דבר בחום.',
  channel: 'voice',
});
const whatsapp = composeInstructions({
  businessName: 'מספרת רונית',
  profile,
  prompt: DEFAULT_PROMPTS.whatsapp,
  channel: 'whatsapp',
});

test('phone instructions ask for short spoken sentences without lists, links or emoji', () => {
  expect(voice).toContain('משפטים קצרים');
  expect(voice).toContain('בלי רשימות');
  expect(voice).toContain('בלי קישורים');
  expect(voice).toContain("בלי אימוג'י");
  expect(voice).toContain(`"${profile.greeting}"`);
});

test('WhatsApp instructions allow its formatting and do not carry the phone-only rules', () => {
  expect(whatsapp).toContain('עיצוב של וואטסאפ');
  expect(whatsapp).not.toContain('בלי רשימות');
  expect(whatsapp).not.toContain('end_call');
});

test('the assistant speaks in masculine first person by default, feminine when chosen', () => {
  expect(voice).toContain('בלשון זכר');
  const feminine = composeInstructions({
    businessName: 'x',
    profile: { ...profile, persona: 'feminine' },
    prompt: 'p',
    channel: 'voice',
  });
  expect(feminine).toContain('בלשון נקבה');
});

test("the business's facts and prompt are included, and the honesty rules always follow them", () => {
  expect(voice).toContain('כתובת: הרצל 5, חיפה');
  expect(voice).toContain('תספורת 80 ש"ח');
  expect(voice.indexOf('דבר בחום.')).toBeLessThan(voice.indexOf('confirmed: true'));
  for (const text of [voice, whatsapp]) {
    expect(text).toContain('confirmed: true');
    expect(text).toContain('אל תאמר שתור נקבע');
  }
});
