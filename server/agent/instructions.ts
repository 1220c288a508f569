/**
 * The instructions a model gets, per channel: the assistant's identity and the business's
 * facts (the profile), the business's own prompt, and the rules the code always adds. The
 * rules come last and cannot be edited away by a prompt: they are what keeps the assistant
 * from inventing bookings. Pure: the same inputs give the same text.
 */
import type { AssistantChannel } from '../../db/schema';
import type { AssistantProfile } from './assistant/profile';

export interface InstructionsInput {
  businessName: string;
  profile: AssistantProfile;
  /** The channel's current prompt body. */
  prompt: string;
  channel: AssistantChannel;
}

const firstPerson = (p: AssistantProfile) =>
  p.persona === 'masculine'
    ? 'דבר על עצמך בגוף ראשון בלשון זכר (למשל: "אני שמח לעזור", "אני בודק רגע").'
    : 'דברי על עצמך בגוף ראשון בלשון נקבה (למשל: "אני שמחה לעזור", "אני בודקת רגע").';

const STYLE: Record<AssistantChannel, (p: AssistantProfile) => string[]> = {
  voice: (p) => [
    'זו שיחת טלפון: מה שאתה כותב מוקרא בקול.',
    'דבר בעברית בלבד, במשפטים קצרים ומדוברים, משפט או שניים בכל תור.',
    "בלי רשימות, בלי תבליטים, בלי כותרות, בלי קישורים, בלי אימוג'י ובלי סימנים מיוחדים.",
    'אמור שעות, תאריכים ומחירים במילים, כפי שאומרים אותם בשיחה.',
    'כשהלקוח מכתיב מספר טלפון, חזור עליו ספרה אחר ספרה.',
    `פתח את השיחה במשפט: "${p.greeting}"`,
    'כשהשיחה הסתיימה ונפרדתם, קרא לכלי end_call.',
  ],
  whatsapp: () => [
    'זו שיחת וואטסאפ בכתב.',
    'כתוב בעברית, בהודעות קצרות וברורות.',
    'מותר להשתמש בעיצוב של וואטסאפ (*מודגש*, רשימה קצרה) כשזה עוזר לקריאה.',
  ],
};

const RULES = [
  'לפני קביעת תור: קבל שם מלא ומספר טלפון, חזור עליהם ללקוח וקבל אישור מפורש שהם נכונים. רק אחרי האישור קרא ל-book_appointment עם confirmed: true. כך גם לפני הזזה או ביטול של תור.',
  'לעולם אל תאמר שתור נקבע, הוזז או בוטל, שהפרטים נשמרו או שהפנייה הועברה לנציג, אלא אם הכלי המתאים החזיר ok: true באותו רגע.',
  'אם כלי החזיר ok: false, הסבר ללקוח בפשטות את הסיבה שבשדה message והצע חלופה (למשל שעה פנויה אחרת). אל תנסה לעקוף את הסיבה.',
  'תאריכים ושעות: העבר לכלים את מה שהלקוח אמר, כלשונו (למשל "מחר בשלוש" או "ביום שלישי בעשר בבוקר"), או בפורמט YYYY-MM-DD HH:MM. השרת מפענח ובודק שעות פעילות.',
  'לשאלות על העסק השתמש ב-lookup_faq ובפרטי העסק שלמטה. אם אין לך תשובה, אל תמציא: אמור שתבדוק עם הצוות והצע להעביר לנציג.',
];

function facts(p: AssistantProfile): string[] {
  const out: string[] = [];
  if (p.address) out.push(`כתובת: ${p.address}`);
  if (p.hoursText) out.push(`שעות פעילות: ${p.hoursText}`);
  if (p.services) out.push(`שירותים: ${p.services}`);
  if (p.prices) out.push(`מחירים: ${p.prices}`);
  return out;
}

/** The full instructions for one channel. */
export function composeInstructions(input: InstructionsInput): string {
  const { profile: p, businessName, channel } = input;
  const sections = [
    `אתה ${p.assistantName}, העוזר של "${businessName}". ${p.introduction}`.trim(),
    [firstPerson(p), ...STYLE[channel](p)].join('\n'),
  ];
  const known = facts(p);
  if (known.length) sections.push(`פרטי העסק:\n${known.join('\n')}`);
  sections.push(`הנחיות העסק:\n${input.prompt}`);
  sections.push(`כללים מחייבים:\n${RULES.map((r) => `- ${r}`).join('\n')}`);
  return sections.join('\n\n');
}
