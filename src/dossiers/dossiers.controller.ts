import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentResident } from '../auth/current-resident.decorator.js';
import { JwtAuthGuard, type AuthenticatedResident } from '../auth/strategies.js';
import { ApiProblems, ClientIp } from '../common/http.js';
import { DossiersService } from './dossiers.service.js';
import { LinkDossierDto, MyHouseholdResponse } from './dto/dossier.dto.js';

@ApiTags('dossier')
@ApiBearerAuth()
@Controller('me')
@UseGuards(JwtAuthGuard)
export class DossiersController {
  constructor(private readonly dossiers: DossiersService) {}

  @Post('dossier/link')
  @HttpCode(200)
  @ApiOperation({ operationId: 'linkDossier', summary: 'Link the account to its city dossier (dossier number and date of birth)' })
  @ApiOkResponse({ type: MyHouseholdResponse, description: 'Linked: the household, as GET /me/household shows it' })
  @ApiProblems(
    [400, 'validation_failed: required, date_invalid'],
    [401, 'unauthorized'],
    [404, 'dossier_not_found (a wrong number and a wrong date alike)'],
    [409, 'dossier_already_linked, account_already_linked, household_already_linked (one account per family: another member of each of your households is linked)'],
    [422, 'holder_under_18'],
    [429, 'too_many_requests (Retry-After; 5 failed attempts per account, 50 per IP, per 24 h)'],
  )
  link(@CurrentResident() resident: AuthenticatedResident, @Body() dto: LinkDossierDto, @ClientIp() ip: string): Promise<MyHouseholdResponse> {
    return this.dossiers.link(resident.accountId, dto.dossierNumber, dto.birthDate, ip);
  }

  @Get('household')
  @ApiOperation({ operationId: 'getHousehold', summary: "The resident's household(s): address, phones, members (read-only)" })
  @ApiOkResponse({ type: MyHouseholdResponse, description: 'The household(s) of the linked person' })
  @ApiProblems([401, 'unauthorized'], [409, 'dossier_not_linked'])
  household(@CurrentResident() resident: AuthenticatedResident): Promise<MyHouseholdResponse> {
    return this.dossiers.householdOf(resident.accountId);
  }
}
