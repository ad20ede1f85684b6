import express, { type Request, type Router } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditLog } from '../audit/audit-log.js';
import { DomainError } from '../common/domain-error.js';
import type { AdminUser } from '../staff/staff-user.js';
import { ThreadAttachment } from './thread-attachment.entity.js';

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266): a download, never shown in the page. */
export function contentDisposition(filename: string): string {
  const ascii = filename.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\%;]/g, '_').trim() || 'piece-jointe';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * GET /admin/mailbox/attachments/:id, for staff only: mounted behind the panel's staff gate (a
 * signed-in staff member in `req.session.adminUser`), which answers everyone else with the login
 * page. The file comes as a download, with its recorded type, never sniffed, in a sandbox; the
 * read is in the audit log.
 */
export function attachmentDownloads(dataSource: DataSource, audit: AuditLog): Router {
  const router = express.Router();
  router.get('/mailbox/attachments/:id', async (req: Request, res, next) => {
    try {
      const staff = (req.session as { adminUser?: AdminUser } | undefined)?.adminUser;
      if (!staff) throw new DomainError('unauthorized', 401);
      const id = /^[1-9][0-9]{0,9}$/.test(String(req.params.id)) ? Number(req.params.id) : NaN;
      const attachment = Number.isSafeInteger(id)
        ? await dataSource.getRepository(ThreadAttachment).findOne({ where: { id }, select: { id: true, filename: true, contentType: true, size: true, content: true } })
        : null;
      if (!attachment) throw new DomainError('attachment_not_found', 404);
      await audit.view(dataSource, { kind: 'staff', staffId: staff.id }, 'thread_attachments', attachment.id);
      res
        .status(200)
        .set({
          'Content-Type': attachment.contentType || 'application/octet-stream',
          'Content-Length': String(attachment.content.length),
          'Content-Disposition': contentDisposition(attachment.filename),
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "default-src 'none'; sandbox",
          'Cache-Control': 'private, no-store',
        })
        .end(attachment.content);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
