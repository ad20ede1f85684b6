import type { NestExpressApplication } from '@nestjs/platform-express';
import { StaffAuth } from './staff-auth.js';

/**
 * Puts the staff session, login pages and gate at /admin (main.ts passes it as createApp's `mount`;
 * the staff tests too). The panel's loader replaces it with its own mount
 * (`express.use('/admin', ...staffAuth.handlers(), adminRouter)`).
 */
export function mountStaffAuth(app: NestExpressApplication): void {
  app.getHttpAdapter().getInstance().use('/admin', ...app.get(StaffAuth).handlers());
}
