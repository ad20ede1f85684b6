import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import { DomainError } from '../common/domain-error.js';
import { StaffAccess } from '../staff/staff.guard.js';
import { ThreadAttachment } from './thread-attachment.entity.js';

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266): a download, never shown in the page. */
export function contentDisposition(filename: string): string {
  const ascii = filename.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\%;]/g, '_').trim() || 'piece-jointe';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * GET /admin/mailbox/attachments/:id, for the staff who may read threads (StaffGuard: anyone else
 * goes to the login page). The file comes as a download, with its recorded type, never sniffed, in
 * a sandbox; the read is in the audit log.
 */
@ApiExcludeController()
@Controller('admin/mailbox/attachments')
export class AttachmentDownloadController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  @Get(':id')
  @StaffAccess('threads', 'show')
  async download(@Param('id') param: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const staffId = req.session.adminUser!.id;
    const id = /^[1-9][0-9]{0,9}$/.test(param) ? Number(param) : NaN;
    const attachment = Number.isSafeInteger(id)
      ? await this.dataSource.getRepository(ThreadAttachment).findOne({ where: { id }, select: { id: true, filename: true, contentType: true, size: true, content: true } })
      : null;
    if (!attachment) throw new DomainError('attachment_not_found', 404);
    await this.audit.view(this.dataSource, { kind: 'staff', staffId }, 'thread_attachments', attachment.id);
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
  }
}
