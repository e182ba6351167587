export { createAuthenticator, type Authenticator, type Authentication, type AuthRefusal } from './authenticator';
export { createCallerGuard, type CallerGuard, type CallerGuardOptions } from './caller-guard';
