export {
  type CallResourceStatus,
  callResource,
  type RestCall,
  type RestRequest,
  startTwilioRestStandin,
  type TwilioError,
  type TwilioRestStandin,
} from './calls-api.ts';
