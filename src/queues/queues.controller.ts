import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { tasksOf } from '../staff/roles.js';
import type { Staff } from '../staff/staff.entity.js';
import { StaffAccess } from '../staff/staff.guard.js';
import { QueuesService, type DashboardFigures, type QueuesSnapshot } from './queues.service.js';

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

/**
 * `GET /admin/api/home`: the panel's home (issue 18) for the signed-in staff member: what their
 * role can do (from the role table), and the dashboard's figures with the lists behind them.
 */
@ApiExcludeController()
@Controller('admin/api/home')
export class HomeController {
  constructor(private readonly queues: QueuesService) {}

  @Get()
  @StaffAccess('dossier_requests', 'list')
  @Header('Cache-Control', 'private, no-store')
  async home(@Res({ passthrough: true }) res: Response): Promise<DashboardFigures & { role: Staff['role']; tasks: ReturnType<typeof tasksOf> }> {
    // The role of the row as it is now (StaffGuard read the same).
    const role = (res.locals.staff as Staff).role;
    return { role, tasks: tasksOf(role), ...(await this.queues.dashboard()) };
  }
}
