import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PeriodResponse } from './dto/period.dto.js';
import { RegistrationPeriodsService } from './registration-periods.service.js';

@ApiTags('registration-periods')
@Controller('registration-periods')
export class RegistrationPeriodsController {
  constructor(private readonly periods: RegistrationPeriodsService) {}

  @Get()
  @ApiOperation({ operationId: 'listRegistrationPeriods', summary: 'Upcoming registration periods and their request deadlines' })
  @ApiOkResponse({ type: [PeriodResponse], description: 'Periods not yet closed, soonest first' })
  async list(): Promise<PeriodResponse[]> {
    return (await this.periods.upcoming()).map((p) => this.periods.view(p));
  }
}
