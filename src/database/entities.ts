import { Account } from '../accounts/account.entity.js';
import { EmailToken } from '../accounts/email-token.entity.js';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';

/** Every entity, listed rather than globbed so that jest (ESM) and the compiled app load the same set. */
export const ENTITIES = [Account, EmailToken, RefreshToken, OutboxMessage];
