import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { StaffAccess } from '../staff/staff.guard.js';
import { QueuesService, type QueuesSnapshot } from './queues.service.js';


/**
 * `GET /admin/api/queues` (SPEC §4b): the queues' figures as JSON, for every signed-in staff member
 * (the role table lets every role list the requests); anyone else gets a 401 problem.
 */
@ApiExcludeController()
@Controller('admin/api/queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Get()
  @StaffAccess('dossier_requests', 'list')
  @Header('Cache-Control', 'private, no-store')
  snapshot(): Promise<QueuesSnapshot> {
    return this.queues.snapshot();
  }
}
