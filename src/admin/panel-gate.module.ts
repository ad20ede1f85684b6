import { Module } from '@nestjs/common';
import { StaffAuth } from '../staff/staff-auth.js';
import { StaffModule } from '../staff/staff.module.js';
import { PANEL_GATE } from './panel.loader.js';

/** The panel's gate is the staff module's sign-in: session, login pages, `req.session.adminUser`. */
@Module({
  imports: [StaffModule],
  providers: [{ provide: PANEL_GATE, useExisting: StaffAuth }],
  exports: [PANEL_GATE],
})
export class PanelGateModule {}
