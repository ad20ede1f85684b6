import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { PortalController, RootController } from './portal.controller.js';

@Module({ imports: [AccountsModule], controllers: [PortalController, RootController] })
export class PortalModule {}
