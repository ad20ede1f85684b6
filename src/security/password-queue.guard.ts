import { CanActivate, Injectable } from '@nestjs/common';
import { assertPasswordQueueRoom } from './password-hasher.js';

/**
 * The routes that hash or verify a password refuse at once (503, Retry-After) while argon2's queue
 * is full, before validation and passport spend anything on the request: when a registration night
 * sends hundreds of refusals a second, each must cost as little as possible. The place itself is
 * taken later, by the service (`withPasswordTurn`): this is only the cheap early answer.
 */
@Injectable()
export class PasswordQueueGuard implements CanActivate {
  canActivate(): boolean {
    assertPasswordQueueRoom();
    return true;
  }
}
