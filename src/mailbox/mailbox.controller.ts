import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentResident } from '../auth/current-resident.decorator.js';
import { JwtAuthGuard, type AuthenticatedResident } from '../auth/strategies.js';
import { DomainError } from '../common/domain-error.js';
import { ApiProblems, Lang } from '../common/http.js';
import type { Locale } from '../common/locale.js';
import { CreateThreadDto, ReplyDto, ThreadCreatedResponse, ThreadPage, ThreadPageQuery, ThreadView } from './dto/thread.dto.js';
import { MailboxService } from './mailbox.service.js';

/** A thread id in the path: anything but a positive integer is a thread nobody has. */
const threadId = new ParseIntPipe({ exceptionFactory: () => new DomainError('thread_not_found', 404) });

@ApiTags('mailbox')
@ApiBearerAuth()
@Controller('me/messages')
@UseGuards(JwtAuthGuard)
export class MailboxController {
  constructor(private readonly mailbox: MailboxService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ operationId: 'createThread', summary: 'Write to the inscriptions mailbox (M1): answered within 72 business hours' })
  @ApiCreatedResponse({ type: ThreadCreatedResponse, description: 'Received; an acknowledgement email states the due time' })
  @ApiProblems(
    [400, 'validation_failed: required, invalid_type, too_long, characters_invalid, category_invalid'],
    [401, 'unauthorized'],
    [429, 'too_many_requests (Retry-After; 20 new threads per account per 24 h)'],
  )
  create(@CurrentResident() resident: AuthenticatedResident, @Body() dto: CreateThreadDto, @Lang() locale: Locale): Promise<ThreadCreatedResponse> {
    return this.mailbox.open(resident.accountId, dto, locale);
  }

  @Get()
  @ApiOperation({ operationId: 'listThreads', summary: "The resident's own threads, newest first, by pages" })
  @ApiOkResponse({ type: ThreadPage, description: 'A page of threads' })
  @ApiProblems([400, 'validation_failed: invalid_type, invalid_value'], [401, 'unauthorized'])
  list(@CurrentResident() resident: AuthenticatedResident, @Query() query: ThreadPageQuery, @Lang() locale: Locale): Promise<ThreadPage> {
    return this.mailbox.list(resident.accountId, query.page, query.pageSize, locale);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getThread', summary: 'One of the resident’s threads with its public messages' })
  @ApiOkResponse({ type: ThreadView, description: 'The thread; never the staff’s internal notes' })
  @ApiProblems([400, 'bad_request (an unreadable %-escape in the path)'], [401, 'unauthorized'], [404, 'thread_not_found (also for someone else’s thread)'])
  get(@CurrentResident() resident: AuthenticatedResident, @Param('id', threadId) id: number, @Lang() locale: Locale): Promise<ThreadView> {
    return this.mailbox.get(resident.accountId, id, locale);
  }

  @Post(':id/replies')
  @HttpCode(201)
  @ApiOperation({ operationId: 'replyToThread', summary: 'Add a message to one of the resident’s threads (the due time does not move)' })
  @ApiCreatedResponse({ type: ThreadView, description: 'The thread with the new message' })
  @ApiProblems(
    [400, 'validation_failed, bad_request: required, invalid_type, too_long, characters_invalid (bad_request: an unreadable %-escape in the path)'],
    [401, 'unauthorized'],
    [404, 'thread_not_found (also for someone else’s thread)'],
    [429, 'too_many_requests (Retry-After; 100 messages per account per 24 h)'],
  )
  reply(@CurrentResident() resident: AuthenticatedResident, @Param('id', threadId) id: number, @Body() dto: ReplyDto, @Lang() locale: Locale): Promise<ThreadView> {
    return this.mailbox.reply(resident.accountId, id, dto.body, locale);
  }
}
