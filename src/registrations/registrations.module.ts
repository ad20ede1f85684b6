import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { WaitingRoomAdminController, WaitingRoomController } from './waiting-room.controller.js';
import { WaitingRoomService } from './waiting-room.service.js';

/** Holds, checkout, registrations, the waitlist and the waiting room (SPEC R3–R7). */
@Module({
  imports: [AuthModule],
  controllers: [WaitingRoomController, WaitingRoomAdminController],
  providers: [WaitingRoomService],
  exports: [WaitingRoomService],
})
export class RegistrationsModule {}
