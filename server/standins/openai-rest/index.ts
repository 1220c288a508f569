export {
  type ChatReply,
  type ChatRule,
  type ChatScript,
  ChatScriptSchema,
  createChatResponder,
} from './script.ts';
export {
  type OpenAiRestStandin,
  type OpenAiRestStandinOptions,
  type RecordedRequest,
  startOpenAiRestStandin,
} from './server.ts';
export { cosine, trigramVector } from './vectors.ts';
