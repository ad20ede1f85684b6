import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { MyRegistrationsController } from './my-registrations.controller.js';
import { RegistrationEmails } from './registration-emails.js';
import { RegistrationsService } from './registrations.service.js';
import { WaitingRoomService } from './waiting-room.service.js';
import { WaitlistService } from './waitlist.service.js';

/** Holds, checkout, registrations, the waitlist and the waiting room (SPEC R3–R7). */
@Module({
  imports: [AuthModule],
  controllers: [MyRegistrationsController],
  providers: [RegistrationEmails, WaitingRoomService, WaitlistService, RegistrationsService],
  exports: [WaitingRoomService, WaitlistService, RegistrationsService],
})
export class RegistrationsModule {}
