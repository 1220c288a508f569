/**
 * "Try a question" for the dashboard: the decision the assistant would make on the business's
 * current FAQs, explained in the words the owner typed: which words met which FAQ words,
 * which words blocked an answer and why, and whether the message was read as a request.
 */
import type { FaqChannel, FaqDecision, FaqIndex } from './match';
import { decideFaq } from './match';

export interface TrialCandidate {
  faqId: string;
  question: string;
  answer: string;
  channels: FaqChannel[];
  /** 0..1, the ranking among candidates; the decision is the rule's, not this number's. */
  score: number;
  /** Whether this FAQ passes the precision rule for the question. */
  passes: boolean;
  /** The question's words met by this FAQ's question, each with the FAQ word it met. */
  matched: { word: string; by: string }[];
  /** The question's words found only in the FAQ's answer (enough for details, not for the topic). */
  inAnswer: string[];
  /**
   * The FAQ's question words the question leaves out, answered anyway: the FAQ says yes to a
   * narrower thing, or it is the only FAQ that meets the question (a price asked more broadly,
   * "do you do X?" that its answer names).
   */
  narrower: string[];
  blocked: {
    /** The question's words this FAQ has nowhere. */
    missingFromFaq: string[];
    /** This FAQ's question words the question does not have. */
    missingFromQuestion: string[];
    contradictions: { word: string; faqWord: string }[];
    /** Interrogative kinds ("where", "how-much") when they differ and the answer does not give the asked one. */
    asksDiffer?: { query: string[]; faq: string[] };
    modalsDiffer?: { query: string[]; faq: string[] };
  };
}

export interface FaqTrial {
  /** The FAQ the assistant would answer from, when the rule lets one. */
  answer: { faqId: string; question: string; answer: string } | null;
  /** On WhatsApp an answer is sent as it is, without the model; on the phone the model says it. */
  answeredWithoutModel: boolean;
  outcome: FaqDecision['outcome'];
  /** Words that made the message a request to act, or about the customer's own data. */
  request: string[];
  ownData: string[];
  candidates: TrialCandidate[];
}

export function explainTrial(index: FaqIndex, question: string, channel: FaqChannel): FaqTrial {
  const decision = decideFaq(index, question, { channel, limit: 3 });
  const answer = decision.answer?.entry;
  return {
    answer: answer ? { faqId: answer.id, question: answer.question, answer: answer.answer } : null,
    answeredWithoutModel: Boolean(answer) && channel === 'whatsapp',
    outcome: decision.outcome,
    request: decision.intent.act,
    ownData: decision.intent.own,
    candidates: decision.candidates.map(({ entry, score, verdict: v }) => ({
      faqId: entry.id,
      question: entry.question,
      answer: entry.answer,
      channels: [...entry.channels],
      score: Number(score.toFixed(3)),
      passes: v.pass,
      matched: v.matched,
      inAnswer: v.inAnswer,
      narrower: v.narrower,
      blocked: {
        missingFromFaq: v.missingFromFaq,
        missingFromQuestion: v.missingFromQuestion,
        contradictions: v.contradictions,
        asksDiffer: v.asksDiffer,
        modalsDiffer: v.modalsDiffer,
      },
    })),
  };
}
