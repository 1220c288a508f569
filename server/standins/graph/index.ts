export {
  type GraphFailure,
  type GraphNumber,
  type GraphStandin,
  type GraphStandinOptions,
  type SentMessage,
  startGraphStandin,
} from './server.ts';
