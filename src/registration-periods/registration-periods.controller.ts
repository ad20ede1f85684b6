import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RegistrationPeriodsService, type PeriodView } from './registration-periods.service.js';

export class PeriodResponse implements PeriodView {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'Hiver 2027' }) name: string;
  @ApiProperty({ example: '2027-01-10T19:00:00.000-05:00' }) opensAt: string;
  @ApiProperty({ example: '2027-01-24T23:59:00.000-05:00' }) closesAt: string;
  @ApiProperty({ example: '2027-01-07T19:00:00.000-05:00', description: 'opensAt − 72 h: a dossier-number request should arrive before' })
  requestDeadline: string;
}

@ApiTags('registration-periods')
@Controller('registration-periods')
export class RegistrationPeriodsController {
  constructor(private readonly periods: RegistrationPeriodsService) {}

  @Get()
  @ApiOkResponse({ type: [PeriodResponse], description: 'Periods not yet closed, soonest first' })
  async list(): Promise<PeriodResponse[]> {
    return (await this.periods.upcoming()).map((p) => this.periods.view(p));
  }
}
