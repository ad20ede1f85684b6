import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { MyRegistrationsController } from './my-registrations.controller.js';
import { RegistrationEmails } from './registration-emails.js';
import { RegistrationSweeper } from './registration-sweeper.service.js';
import { RegistrationsService } from './registrations.service.js';
import { WaitingRoomAdminController, WaitingRoomController } from './waiting-room.controller.js';
import { WaitingRoomService } from './waiting-room.service.js';
import { WaitlistService } from './waitlist.service.js';

/** Holds, checkout, registrations, the waitlist and the waiting room (SPEC R3–R7). */
@Module({
  imports: [AuthModule],
  controllers: [MyRegistrationsController, WaitingRoomController, WaitingRoomAdminController],
  providers: [RegistrationEmails, WaitingRoomService, WaitlistService, RegistrationsService, RegistrationSweeper],
  exports: [WaitingRoomService, WaitlistService, RegistrationsService],
})
export class RegistrationsModule {}
