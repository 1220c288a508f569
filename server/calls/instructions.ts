/**
 * What the model is told about the business it answers for. A placeholder until the
 * assistant's brain (issue 4) supplies real instructions, tools and function handling through
 * the same port: the relay only ever calls `instructionsFor`.
 */
export interface AnsweringBusiness {
  id: string;
  name: string;
}

export type InstructionsFor = (business: AnsweringBusiness) => string;

/** Short Hebrew instructions, masculine to match the default male voice. */
export const placeholderInstructions: InstructionsFor = (business) =>
  [
    `אתה העוזר הקולי של "${business.name}" ועונה לשיחות טלפון.`,
    'דבר רק בעברית, במשפטים קצרים ובאדיבות.',
    `פתח בברכה קצרה: "שלום, הגעתם ל${business.name}, במה אפשר לעזור?"`,
    'אם אינך יודע משהו, אמור שתעביר את הפנייה לצוות.',
  ].join('\n');
