import { ApiProperty } from '@nestjs/swagger';
import type { PeriodView } from '../registration-periods.service.js';

export class PeriodResponse implements PeriodView {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ example: 'Hiver 2027' }) name: string;
  @ApiProperty({ format: 'date-time', example: '2027-01-10T19:00:00.000-05:00' }) opensAt: string;
  @ApiProperty({ format: 'date-time', example: '2027-01-24T23:59:00.000-05:00' }) closesAt: string;
  @ApiProperty({ format: 'date-time', example: '2027-01-07T19:00:00.000-05:00', description: 'opensAt − 72 h: a dossier-number request should arrive before' })
  requestDeadline: string;
}
