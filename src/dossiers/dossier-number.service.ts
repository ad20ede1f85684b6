import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { nextSequenceValue } from '../database/sequences.js';
import { formatDossierNumber } from './dossier-rules.js';
import { Person } from './person.entity.js';

/** First value of the system's dossier numbers: 1000009, 1000017… (the value and a Luhn digit). */
export const FIRST_DOSSIER_SEQUENCE = 100_000;

@Injectable()
export class DossierNumberService {
  /**
   * A new dossier number, inside the caller's transaction: unique under concurrency (the counter's
   * row lock), never reused, and never one that the legacy import already holds.
   */
  async allocate(manager: EntityManager): Promise<string> {
    for (;;) {
      const number = formatDossierNumber(await nextSequenceValue(manager, 'dossier_number', FIRST_DOSSIER_SEQUENCE));
      if (!(await manager.existsBy(Person, { dossierNumber: number }))) return number;
    }
  }
}
