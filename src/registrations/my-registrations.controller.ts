import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseIntPipe, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentResident } from '../auth/current-resident.decorator.js';
import { JwtAuthGuard, type AuthenticatedResident } from '../auth/strategies.js';
import { DomainError, ValidationFailed } from '../common/domain-error.js';
import { ApiProblems } from '../common/http.js';
import { CheckoutDto, CheckoutResponse, ClaimDto, HoldResponse, MyRegistration, WaitlistItem, WaitlistJoined } from './dto/registration.dto.js';
import { RegistrationsService } from './registrations.service.js';
import { WaitlistService } from './waitlist.service.js';

const idOf = (code: 'hold_not_found' | 'registration_not_found' | 'waitlist_entry_not_found') => new ParseIntPipe({ exceptionFactory: () => new DomainError(code, 404) });
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;
const PATH_ESCAPE: [number, string] = [400, 'bad_request (an unreadable %-escape in the path)'];
const BUSY: [number, string] = [503, 'service_unavailable (Retry-After: too many families claim this offering at this instant; try again)'];
const CLAIM_PROBLEMS: Array<[number, string]> = [
  [400, 'validation_failed: required, invalid_type, invalid_value, too_long, characters_invalid'],
  [401, 'unauthorized'],
  [404, 'offering_not_found'],
  [422, 'age_ineligible (errors: one per person refused, with personId)'],
];

/** A linked resident's holds, registrations and waitlist entries (SPEC R3–R7). */
@ApiTags('registrations')
@ApiBearerAuth()
@Controller('me')
@UseGuards(JwtAuthGuard)
export class MyRegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly waitlist: WaitlistService,
  ) {}

  @Post('holds')
  @HttpCode(201)
  @ApiOperation({ operationId: 'createHold', summary: 'Hold seats of an offering for some members of the family: all of them or none (R4)' })
  @ApiCreatedResponse({ type: HoldResponse, description: 'Held until expiresAt; checkout turns it into registrations' })
  @ApiProblems(
    ...CLAIM_PROBLEMS,
    [403, 'not_household_member, waiting_room (position: the family’s place)'],
    [409, 'offering_full, not_open (opensAt), registration_closed, already_registered, dossier_not_linked'],
    BUSY,
  )
  hold(@CurrentResident() resident: AuthenticatedResident, @Body() dto: ClaimDto): Promise<HoldResponse> {
    return this.registrations.hold(resident.accountId, dto.code, dto.personIds);
  }

  @Delete('holds/:id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'releaseHold', summary: 'Give held seats back' })
  @ApiNoContentResponse({ description: 'Released (the waitlist is offered the seats)' })
  @ApiProblems(PATH_ESCAPE, [401, 'unauthorized'], [404, 'hold_not_found'], BUSY)
  async release(@CurrentResident() resident: AuthenticatedResident, @Param('id', idOf('hold_not_found')) id: number): Promise<void> {
    await this.registrations.release(resident.accountId, id);
  }

  @Post('registrations')
  @ApiOperation({ operationId: 'checkout', summary: 'Turn live holds into registrations, once per Idempotency-Key (R4)' })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '8 to 100 letters, digits, - or _: a retry with the same key answers the first answer', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,100}$' } })
  @ApiCreatedResponse({ type: CheckoutResponse, description: 'Registered (the same answer for a retry with the same key)' })
  @ApiProblems(
    [400, 'validation_failed: required, idempotency_key_invalid, invalid_type, invalid_value, too_long'],
    [401, 'unauthorized'],
    [404, 'hold_not_found'],
    [409, 'hold_expired, checkout_in_progress'],
    BUSY,
  )
  async checkout(@CurrentResident() resident: AuthenticatedResident, @Headers('idempotency-key') key: string | undefined, @Body() dto: CheckoutDto, @Res({ passthrough: true }) res: Response): Promise<CheckoutResponse> {
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) throw new ValidationFailed([{ field: 'Idempotency-Key', code: 'idempotency_key_invalid' }]);
    const answer = await this.registrations.checkout(resident.accountId, key, dto.holdIds);
    res.status(answer.status);
    return answer.body as CheckoutResponse;
  }

  @Get('registrations')
  @ApiOperation({ operationId: 'listRegistrations', summary: 'The family’s registrations, newest first' })
  @ApiOkResponse({ type: [MyRegistration], description: 'Confirmed and cancelled' })
  @ApiProblems([401, 'unauthorized'], [409, 'dossier_not_linked'])
  list(@CurrentResident() resident: AuthenticatedResident): Promise<MyRegistration[]> {
    return this.registrations.list(resident.accountId);
  }

  @Delete('registrations/:id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'cancelRegistration', summary: 'Cancel a registration before the offering starts (R7)' })
  @ApiNoContentResponse({ description: 'Cancelled; the seat goes to the waitlist' })
  @ApiProblems(PATH_ESCAPE, [401, 'unauthorized'], [404, 'registration_not_found'], [409, 'already_started, dossier_not_linked'], BUSY)
  async cancel(@CurrentResident() resident: AuthenticatedResident, @Param('id', idOf('registration_not_found')) id: number): Promise<void> {
    await this.registrations.cancel(resident.accountId, id);
  }

  @Post('waitlist')
  @HttpCode(201)
  @ApiOperation({ operationId: 'joinWaitlist', summary: 'Wait for seats of a full offering, siblings as one entry (R6)' })
  @ApiCreatedResponse({ type: WaitlistJoined, description: 'On the list, at this place' })
  @ApiProblems(...CLAIM_PROBLEMS, [403, 'not_household_member'], [409, 'seats_available, not_open (opensAt), registration_closed, already_registered, dossier_not_linked'], BUSY)
  join(@CurrentResident() resident: AuthenticatedResident, @Body() dto: ClaimDto): Promise<WaitlistJoined> {
    return this.registrations.joinWaitlist(resident.accountId, dto.code, dto.personIds);
  }

  @Get('waitlist')
  @ApiOperation({ operationId: 'listWaitlist', summary: 'The family’s waitlist entries, with their place and any offer' })
  @ApiOkResponse({ type: [WaitlistItem], description: 'Newest first' })
  @ApiProblems([401, 'unauthorized'], [409, 'dossier_not_linked'])
  entries(@CurrentResident() resident: AuthenticatedResident): Promise<WaitlistItem[]> {
    return this.waitlist.list(resident.accountId);
  }

  @Delete('waitlist/:id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'leaveWaitlist', summary: 'Leave the waitlist (an offer’s seats go to the next)' })
  @ApiNoContentResponse({ description: 'Left' })
  @ApiProblems(PATH_ESCAPE, [401, 'unauthorized'], [404, 'waitlist_entry_not_found'], [409, 'dossier_not_linked'], BUSY)
  async leave(@CurrentResident() resident: AuthenticatedResident, @Param('id', idOf('waitlist_entry_not_found')) id: number): Promise<void> {
    await this.waitlist.leave(resident.accountId, id);
  }

  @Post('waitlist/:id/accept')
  @HttpCode(201)
  @ApiOperation({ operationId: 'acceptWaitlistOffer', summary: 'Accept an offer: its seats become registrations' })
  @ApiCreatedResponse({ type: CheckoutResponse, description: 'Registered' })
  @ApiProblems(
    // No body is read, but express's JSON parser reads one before the route.
    [400, 'bad_request, malformed_json (an unreadable %-escape in the path; a body that is not JSON)'],
    [401, 'unauthorized'],
    [404, 'waitlist_entry_not_found'],
    [409, 'offer_lapsed, no_offer, dossier_not_linked'],
    [413, 'payload_too_large'],
    [415, 'unsupported_media_type'],
    BUSY,
  )
  accept(@CurrentResident() resident: AuthenticatedResident, @Param('id', idOf('waitlist_entry_not_found')) id: number): Promise<CheckoutResponse> {
    return this.waitlist.accept(resident.accountId, id);
  }
}
