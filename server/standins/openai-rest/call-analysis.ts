/**
 * The stand-in's answer to a post-call analysis request (structured output named
 * `call_analysis`), read from the transcript in the request the way a model would, only
 * cruder: what the caller asked for, the name and number they gave, whether a booking tool
 * succeeded or the call was handed over. What the transcript does not say stays null.
 * Plain string work; the request's own schema decides the shape.
 */

interface Line {
  speaker: 'לקוח' | 'עוזר' | 'מערכת';
  text: string;
}

const SERVICES = [
  'תספורת',
  'צבע',
  'החלקה',
  'פן',
  'גוונים',
  'קרטין',
  'מניקור',
  'פדיקור',
  'איפור',
  'טיפול פנים',
  'עיסוי',
  'בדיקה',
  'ייעוץ',
  'תור',
];

function parse(text: string): Line[] {
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const m = /^\[\d+:\d{2}\]\s+(לקוח|עוזר|מערכת)[^:]*:\s*(.*)$/.exec(raw.trim());
    if (m) lines.push({ speaker: m[1] as Line['speaker'], text: m[2] ?? '' });
  }
  return lines;
}

const firstMatch = (texts: string[], re: RegExp): string | null => {
  for (const t of texts) {
    const m = re.exec(t);
    if (m) return (m[1] ?? m[0]).trim();
  }
  return null;
};

export function analyseTranscript(text: string) {
  const lines = parse(text);
  const caller = lines.filter((l) => l.speaker === 'לקוח').map((l) => l.text);
  const assistant = lines.filter((l) => l.speaker === 'עוזר').map((l) => l.text);
  const tools = lines.filter((l) => l.speaker === 'מערכת').map((l) => l.text);
  const all = [...caller, ...assistant];

  const name = firstMatch(
    caller,
    /(?:קוראים לי|שמי|מדבר(?:ת)?|זה|אני)\s+([\u05d0-\u05ea]{2,}(?:\s+[\u05d0-\u05ea]{2,})?)(?=[\s,.!?]|$)/u,
  );
  const service =
    SERVICES.find((s) => caller.some((t) => t.includes(s))) ??
    SERVICES.find((s) => all.some((t) => t.includes(s))) ??
    null;
  const time = firstMatch(
    all,
    /((?:מחר|היום|מחרתיים|ביום\s+[\u05d0-\u05ea]+|בשבוע הבא)(?:\s+(?:ב|בשעה\s*)?\d{1,2}(?::\d{2})?|\s+ב[\u05d0-\u05ea]+)?|בשעה\s*\d{1,2}(?::\d{2})?)/u,
  );
  const callbackNumber = firstMatch(caller, /((?:\+972|0)5\d[-\s]?\d{3}[-\s]?\d{4})/);

  const booked =
    tools.some((t) => /book|קביעת/.test(t) && t.includes('הצליח')) ||
    assistant.some((t) => /קבעתי|נקבע|התור שלך/.test(t));
  const transferred =
    tools.some((t) => /transfer/.test(t) && t.includes('הצליח')) ||
    assistant.some((t) => /מעביר(?:ה)? אותך|מעבירה לנציג|מעביר לנציג/.test(t));
  const faq = tools.some((t) => /lookup_faq/.test(t) && t.includes('הצליח'));
  const outcome = booked
    ? 'booked'
    : transferred
      ? 'transferred'
      : caller.length === 0
        ? 'abandoned'
        : name || callbackNumber
          ? 'lead_captured'
          : faq || assistant.length > 1
            ? 'question_answered'
            : 'abandoned';

  const everything = caller.join(' ');
  const sentiment = /כועס|גרוע|לא מרוצה|מאוכזב|נורא/.test(everything)
    ? 'negative'
    : /תודה|מעולה|נהדר|מצוין|אחלה/.test(everything)
      ? 'positive'
      : 'neutral';

  const asked = service ? `${service}${time ? ` ${time}` : ''}` : (caller[0]?.slice(0, 60) ?? 'לא נאמר');
  const intent = service
    ? `${service === 'תור' ? 'קביעת תור' : `בירור על ${service}`}`
    : caller[0]
      ? 'בירור כללי'
      : 'לא ידוע';
  const result = {
    booked: 'העוזר קבע תור.',
    transferred: 'השיחה הועברה לנציג.',
    lead_captured: 'פרטי הלקוח נרשמו לחזרה.',
    question_answered: 'העוזר ענה על השאלה.',
    abandoned: 'השיחה הסתיימה לפני שהושג דבר.',
    failed: 'העוזר לא הצליח לעזור.',
  }[outcome];
  const who = name ? `${name} פנה` : 'הלקוח פנה';
  const summary = caller.length ? `${who} בעניין: ${asked}. ${result}` : result;
  return {
    summary,
    outcome,
    intent,
    fields: { name, service, time, callbackNumber },
    sentiment,
  };
}
