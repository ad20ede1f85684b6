import { Module } from '@nestjs/common';
import { WaitingRoomService } from './waiting-room.service.js';

/** Holds, checkout, registrations, the waitlist and the waiting room (SPEC R3–R7). */
@Module({
  providers: [WaitingRoomService],
  exports: [WaitingRoomService],
})
export class RegistrationsModule {}
