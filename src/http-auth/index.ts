// Authentication shared by the API and the dashboard, which sit side by side on one server: token
// lookup, the authentication hook, scopes, the session cookie and the error shape they answer with.
export {
  createIdentify,
  createTokenResolver,
  presentedToken,
  registerAuth,
  requireScope,
  type Identify,
  type Principal,
  type ScopeHook,
  type TokenResolver,
} from './auth';
export { readCookie, sessionCookie, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from './cookies';
export { ApiError, ErrorCode, type ErrorBody } from './http-error';
