import { expect, test } from 'bun:test';
import { profileFromForm } from './profile-form';

test('reads the whole profile from the form, trimmed, always in Hebrew', () => {
  const form = new URLSearchParams({
    assistantName: '  נועם ',
    introduction: 'אני נועם מהמספרה.',
    greeting: 'שלום, מדבר נועם',
    voice: 'ash',
    persona: 'masculine',
    address: 'הרצל 10, תל אביב',
    hoursText: 'א׳–ה׳ 9:00–19:00',
    services: 'תספורת\nצבע',
    prices: 'תספורת 80 ₪',
  });
  expect(profileFromForm(form)).toEqual({
    assistantName: 'נועם',
    introduction: 'אני נועם מהמספרה.',
    greeting: 'שלום, מדבר נועם',
    voice: 'ash',
    persona: 'masculine',
    language: 'he',
    address: 'הרצל 10, תל אביב',
    hoursText: 'א׳–ה׳ 9:00–19:00',
    services: 'תספורת\nצבע',
    prices: 'תספורת 80 ₪',
  });
});

test('sends an emptied field as empty, so clearing a fact removes it', () => {
  const form = new URLSearchParams({
    assistantName: 'נועם',
    greeting: 'שלום',
    voice: 'cedar',
    persona: 'masculine',
  });
  const profile = profileFromForm(form);
  expect(profile.address).toBe('');
  expect(profile.prices).toBe('');
});
