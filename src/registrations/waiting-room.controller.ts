import { Controller, Get, Header, HttpCode, Inject, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentResident } from '../auth/current-resident.decorator.js';
import { JwtAuthGuard, type AuthenticatedResident } from '../auth/strategies.js';
import { Clock } from '../common/clock.js';
import { ApiProblems } from '../common/http.js';
import { REGISTRATION_CONFIG, type RegistrationConfig } from '../config/app-config.js';
import { StaffAccess } from '../staff/staff.guard.js';
import { WaitingRoomResponse } from './dto/waiting-room.dto.js';
import { WaitingRoomService } from './waiting-room.service.js';

@ApiTags('registrations')
@ApiBearerAuth()
@Controller('me')
@UseGuards(JwtAuthGuard)
export class WaitingRoomController {
  constructor(
    private readonly waitingRoom: WaitingRoomService,
    private readonly clock: Clock,
  ) {}

  @Post('waiting-room')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'enterWaitingRoom',
    summary: "Enter the waiting room of the household's nearest opening, or read its place there (R5)",
    description:
      'From WAITING_ROOM_MINUTES before an opening time, a household enters its room; at the opening everyone present is put in a random order, later arrivals queue behind, and households are admitted evenly (ADMISSION_PER_MINUTE). One place per household, whatever its logins or devices; asking again reads the same place. Poll it to follow the position and the wait.',
  })
  @ApiOkResponse({ type: WaitingRoomResponse })
  @ApiProblems(
    // No body is read, but express's JSON parser reads one before the route (see the API's introduction).
    [400, 'malformed_json'],
    [401, 'unauthorized'],
    [409, 'dossier_not_linked'],
    [413, 'payload_too_large'],
    [415, 'unsupported_media_type'],
  )
  async enter(@CurrentResident() resident: AuthenticatedResident): Promise<WaitingRoomResponse> {
    const place = await this.waitingRoom.enter(resident.accountId);
    return {
      status: place.status,
      position: place.position,
      estimatedWaitSeconds: place.estimatedWaitSeconds,
      opensAt: place.opensAt && this.clock.iso(place.opensAt),
      admittedUntil: place.admittedUntil && this.clock.iso(place.admittedUntil),
    };
  }
}

/**
 * `GET /admin/api/waiting-room`: the draws and the rooms of the recent openings, for supervisors and
 * administrators (those who read the audit log: the draw is how the city shows an opening was
 * fair); anyone else gets a 401 or 403 problem. `?first=` positions per opening (default 50, at
 * most 1000). Each opening also says how many admitted households are served (hold seats of it) and
 * the seats of the offerings it opens, the hottest first: the panel's page « Salle d'attente en
 * direct » reads it every few seconds.
 */
@ApiExcludeController()
@Controller('admin/api/waiting-room')
export class WaitingRoomAdminController {
  constructor(
    private readonly waitingRoom: WaitingRoomService,
    private readonly clock: Clock,
    @Inject(REGISTRATION_CONFIG) private readonly config: RegistrationConfig,
  ) {}

  @Get()
  @StaffAccess('audit_log', 'list')
  @Header('Cache-Control', 'private, no-store')
  async overview(@Query('first') rawFirst?: unknown) {
    const asked = typeof rawFirst === 'string' && /^\d{1,4}$/.test(rawFirst) ? Number(rawFirst) : 50;
    const { openings } = await this.waitingRoom.overview(Math.min(1000, Math.max(1, asked)));
    const { waitingRoomMinutes, admissionPerMinute, admissionMinutes } = this.config.registration;
    return {
      // The server's time of these figures, in the city's time zone (the panel's live view shows it).
      now: this.clock.iso(this.clock.now()),
      settings: { waitingRoomMinutes, admissionPerMinute, admissionMinutes },
      openings: openings.map((opening) => ({
        ...opening,
        opensAt: this.clock.iso(opening.opensAt),
        drawnAt: opening.drawnAt && this.clock.iso(opening.drawnAt),
        first: opening.first.map((entry) => ({ ...entry, joinedAt: this.clock.iso(entry.joinedAt) })),
      })),
    };
  }
}
