import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '../common/clock.js';
import { contentDisposition } from '../mailbox/attachment-download.js';
import type { Staff } from '../staff/staff.entity.js';
import { StaffAccess } from '../staff/staff.guard.js';
import type { PersonFile, PersonFileFormat } from './person-file.js';
import { renderPersonFileJson } from './person-file.json.js';
import { renderPersonFilePdf } from './person-file.pdf.js';
import { PersonFileService } from './person-file.service.js';

const CONTENT_TYPES: Record<PersonFileFormat, string> = { json: 'application/json; charset=utf-8', pdf: 'application/pdf' };

/**
 * GET /admin/persons/:id/file.pdf and file.json: a person's file on request (Law 25), for the
 * administrators (the role table's `exportFile` on persons; anyone else 403, or the sign-in).
 * Linked from the person's page (« Exporter le dossier (Loi 25) »); each download is audited.
 */
@ApiExcludeController()
@Controller('admin/persons')
export class PersonFileController {
  constructor(
    private readonly files: PersonFileService,
    private readonly clock: Clock,
  ) {}

  @Get(':id/file.pdf')
  @StaffAccess('persons', 'exportFile')
  pdf(@Param('id') id: string, @Res() res: Response): Promise<void> {
    return this.send('pdf', id, res);
  }

  @Get(':id/file.json')
  @StaffAccess('persons', 'exportFile')
  json(@Param('id') id: string, @Res() res: Response): Promise<void> {
    return this.send('json', id, res);
  }

  private async send(format: PersonFileFormat, param: string, res: Response): Promise<void> {
    const staff = res.locals.staff as Staff;
    const id = /^[1-9][0-9]{0,9}$/.test(param) ? Number(param) : Number.NaN;
    const file: PersonFile = await this.files.export(id, format, { kind: 'staff', staffId: staff.id, role: staff.role });
    const body = format === 'pdf' ? await renderPersonFilePdf(file, this.clock.timeZone) : Buffer.from(renderPersonFileJson(file));
    res
      .status(200)
      .set({
        'Content-Type': CONTENT_TYPES[format],
        'Content-Length': String(body.length),
        'Content-Disposition': contentDisposition(`dossier-${file.person.dossierNumber}.${format}`),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      })
      .end(body);
  }
}
