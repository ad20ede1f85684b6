import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentResident } from '../auth/current-resident.decorator.js';
import { JwtAuthGuard, OptionalJwtAuthGuard, type AuthenticatedResident } from '../auth/strategies.js';
import { residentOrAnonymous } from '../common/actor.js';
import { ApiOptionalBearer, ApiProblems, ClientIp, Lang } from '../common/http.js';
import type { Locale } from '../common/locale.js';
import { COLLECTION_NOTICE, CONSENT_NOTICE_VERSION } from './collection-notice.js';
import { DossierRequestsService } from './dossier-requests.service.js';
import { CollectionNoticeResponse, CreateDossierRequestDto, DossierRequestCreatedResponse, MyDossierRequestResponse } from './dto/dossier-request.dto.js';

@ApiTags('dossier-requests')
@Controller()
export class DossierRequestsController {
  constructor(private readonly requests: DossierRequestsService) {}

  @Post('dossier-requests')
  @HttpCode(201)
  @UseGuards(OptionalJwtAuthGuard)
  @ApiOperation({ operationId: 'createDossierRequest', summary: 'Request a dossier number (with or without an account)' })
  @ApiOptionalBearer()
  @ApiCreatedResponse({
    type: DossierRequestCreatedResponse,
    description: 'Received; an acknowledgement email with the reference is on its way (at most 5 emails per address per hour, from every route: beyond, the request is still recorded)',
  })
  @ApiProblems(
    [400, 'validation_failed: required, invalid_type, too_long, characters_invalid, name_invalid, date_invalid, date_in_future, postal_code_invalid, phone_invalid, email_invalid, relationship_invalid, consent_required, holder_under_18'],
    [401, 'unauthorized (only when a bad bearer token is sent)'],
    [429, 'too_many_requests (Retry-After; 30 requests per IP per hour)'],
  )
  async create(
    @Body() dto: CreateDossierRequestDto,
    @Req() req: Request & { user?: AuthenticatedResident },
    @Lang() locale: Locale,
    @ClientIp() ip: string,
  ): Promise<DossierRequestCreatedResponse> {
    return this.requests.submit(dto, residentOrAnonymous(req.user?.accountId), locale, ip);
  }

  @Get('dossier-requests/collection-notice')
  @ApiOperation({ operationId: 'getCollectionNotice', summary: 'The Law 25 collection notice a request must accept' })
  @ApiOkResponse({ type: CollectionNoticeResponse, description: 'The Law 25 collection notice to show before `consent: true`, in the caller’s language' })
  notice(@Lang() locale: Locale): CollectionNoticeResponse {
    return { version: CONSENT_NOTICE_VERSION, text: COLLECTION_NOTICE[locale] };
  }

  @Get('me/dossier-requests')
  @UseGuards(JwtAuthGuard)
  @ApiOperation({ operationId: 'listMyDossierRequests', summary: "The resident's own dossier-number requests, newest first" })
  @ApiBearerAuth()
  @ApiOkResponse({ type: [MyDossierRequestResponse], description: 'The requests made while logged in' })
  @ApiProblems([401, 'unauthorized'])
  mine(@CurrentResident() resident: AuthenticatedResident): Promise<MyDossierRequestResponse[]> {
    return this.requests.listForAccount(resident.accountId);
  }
}
