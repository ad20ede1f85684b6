import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JOBS_CONFIG, type JobsConfig } from '../config/app-config.js';
import { withNamedLock } from '../database/named-lock.js';
import { ReplyTemplate } from './reply-template.entity.js';
import { ReplyTemplates, type TemplateInput } from './reply-templates.service.js';

/** The demo's reply templates: what a city's clerks write most often, in French and in English. */
export const DEMO_TEMPLATES: TemplateInput[] = [
  {
    title: 'Changement d’adresse effectué',
    category: 'address_change',
    bodyFr: 'Bonjour {prénom},\n\nVotre nouvelle adresse est maintenant inscrite à votre dossier. Vous la verrez dans votre espace résident.\n\nMerci d’avoir écrit à la Ville (référence {référence}).',
    bodyEn: 'Hello {prénom},\n\nYour new address is now on your file. You will see it in your resident space.\n\nThank you for writing to the City (reference {référence}).',
  },
  {
    title: 'Preuve de résidence demandée',
    category: 'address_change',
    bodyFr: 'Bonjour {prénom},\n\nPour inscrire votre nouvelle adresse, nous avons besoin d’une preuve de résidence récente (compte de taxes, bail ou facture d’électricité). Répondez à ce message en joignant le document.\n\nNous traiterons votre dossier au plus tard {échéance}.',
    bodyEn: 'Hello {prénom},\n\nTo record your new address, we need a recent proof of residence (tax bill, lease or electricity bill). Reply to this message with the document attached.\n\nWe will process your file by {échéance}.',
  },
  {
    title: 'Membre ajouté à la famille',
    category: 'member_change',
    bodyFr: 'Bonjour {prénom},\n\nLe membre demandé a été ajouté à votre famille (dossier de la famille {nom}). Son numéro de dossier s’affiche dans votre espace résident.\n\nRéférence : {référence}',
    bodyEn: null,
  },
];

/** Seeds the demo's reply templates in the embedded mode (DEMO_DATA), once, when there are none. */
@Injectable()
export class DemoTemplates implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JOBS_CONFIG) private readonly jobs: JobsConfig,
    private readonly templates: ReplyTemplates,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.jobs.demoData) return;
    await withNamedLock(this.dataSource, 'demo-reply-templates', async () => {
      if ((await this.dataSource.getRepository(ReplyTemplate).count()) > 0) return;
      for (const template of DEMO_TEMPLATES) await this.templates.create(template, { kind: 'system' });
    });
  }
}
