export { type S3Object, type S3Standin, type S3StandinOptions, startS3Standin } from './server.ts';
export { type Credentials, signV4, uriEncode, verifySigV4 } from './sigv4.ts';
