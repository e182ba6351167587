export { createAuthenticator, type Authenticator, type Authentication, type AuthRefusal } from './authenticator';
export { AUTH_REFUSAL_MESSAGE, createCallerGuard, type CallerGuard, type CallerGuardOptions } from './caller-guard';
