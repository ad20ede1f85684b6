import { Module } from '@nestjs/common';
import { DemoTemplates } from './demo-templates.service.js';
import { DeskSearch } from './desk-search.service.js';
import { ReplyTemplates } from './reply-templates.service.js';
import { ResidentContexts } from './resident-context.service.js';

/** The clerk's desk (issue 18): the resident's context beside a request or a thread, reply templates, the panel's search box. */
@Module({
  providers: [ResidentContexts, ReplyTemplates, DeskSearch, DemoTemplates],
  exports: [ResidentContexts, ReplyTemplates, DeskSearch],
})
export class DeskModule {}
