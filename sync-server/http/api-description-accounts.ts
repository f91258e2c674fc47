import {
  emailVerificationSchema,
  loginRequestSchema,
  logoutRequestSchema,
  passwordChangeSchema,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
  profileUpdateSchema,
  refreshRequestSchema,
  registerRequestSchema,
} from '../../common/server-api/auth.js';
import {
  devicesResponseSchema,
  loginResponseSchema,
  profileResponseSchema,
  sessionTokensSchema,
} from '../../common/server-api/responses.js';
import type { Operation } from './api-operation.js';

/** Accounts, sessions, the profile and its recovery, devices: their part of the API description. */
export const ACCOUNT_OPERATIONS: Record<string, Operation> = {
  'POST /v1/auth/register': {
    summary:
      'Create an account when the address has none (creator only where creators are approved automatically). The answer is the same whether or not the address was free. Rate-limited.',
    auth: 'none',
    body: registerRequestSchema,
    responses: { 202: '{ status: "accepted" }' },
  },
  'POST /v1/auth/login': {
    summary: 'Sign in and register this device; returns access and refresh tokens. Rate-limited.',
    auth: 'none',
    body: loginRequestSchema,
    answer: loginResponseSchema,
    responses: {
      200: 'tokens, user and device',
      401: 'INVALID_CREDENTIALS',
      409: 'DEVICE_LIMIT (details list the devices)',
    },
  },
  'POST /v1/auth/refresh': {
    summary: 'Rotate the refresh token. Presenting a rotated token again ends its whole family.',
    auth: 'none',
    body: refreshRequestSchema,
    answer: sessionTokensSchema,
    responses: { 200: 'new tokens', 401: 'UNAUTHORIZED, TOKEN_REUSED or DEVICE_REVOKED' },
  },
  'POST /v1/auth/logout': {
    summary:
      'End this session (the given refresh token’s family), every session of this device, or with `everywhere` every session of the account (access tokens stop at once).',
    auth: 'required',
    body: logoutRequestSchema,
    responses: { 204: 'signed out' },
  },
  'GET /v1/me': {
    summary: 'The signed-in user’s own profile: name, biography, languages, whether the e-mail is verified.',
    auth: 'required',
    answer: profileResponseSchema,
    responses: { 200: 'user' },
  },
  'PATCH /v1/me': {
    summary: 'Change the display name, biography or languages.',
    auth: 'required',
    body: profileUpdateSchema,
    answer: profileResponseSchema,
    responses: { 200: 'user' },
  },
  'POST /v1/me/email-verification': {
    summary: 'Mail a verification code to the account’s address (replacing any earlier one).',
    auth: 'required',
    responses: { 202: 'sent', 429: 'RATE_LIMITED' },
  },
  'POST /v1/me/email-verification/confirm': {
    summary: 'Verify the address with the mailed code (one use, 30 minutes, 5 tries).',
    auth: 'required',
    body: emailVerificationSchema,
    answer: profileResponseSchema,
    responses: { 200: 'user', 400: 'CODE_INVALID' },
  },
  'POST /v1/auth/password-reset': {
    summary: 'Mail a password reset code; the same answer whether or not the address has an account.',
    auth: 'none',
    body: passwordResetRequestSchema,
    responses: { 202: 'accepted', 429: 'RATE_LIMITED' },
  },
  'POST /v1/auth/password-reset/confirm': {
    summary: 'Set a new password with the mailed code; every session of the account ends.',
    auth: 'none',
    body: passwordResetConfirmSchema,
    responses: { 204: 'reset', 400: 'CODE_INVALID' },
  },
  'POST /v1/me/password': {
    summary: 'Change the password; every other device must sign in again.',
    auth: 'required',
    body: passwordChangeSchema,
    responses: { 204: 'changed', 401: 'INVALID_CREDENTIALS' },
  },
  'GET /v1/devices': {
    summary: 'This account’s devices, the current one marked.',
    auth: 'required',
    answer: devicesResponseSchema,
    responses: { 200: 'devices' },
  },
  'DELETE /v1/devices/:deviceId': {
    summary: 'Sign a device out: its tokens stop working at once.',
    auth: 'required',
    responses: { 204: 'revoked', 404: 'not one of yours' },
  },
};
