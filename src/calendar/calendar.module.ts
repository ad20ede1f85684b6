import { Global, Module } from '@nestjs/common';
import { CalendarService } from './calendar.service.js';

/** The business calendar (M2, M3), for every queue with a due time. */
@Global()
@Module({ providers: [CalendarService], exports: [CalendarService] })
export class CalendarModule {}
