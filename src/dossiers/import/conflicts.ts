import type { ImportError, ImportRow } from './row-validation.js';

export const conflictMessages = {
  personInFile: (dossierNumber: string, line: number) =>
    `Le numéro de dossier ${dossierNumber} figure déjà à la ligne ${line} avec un autre nom ou une autre date de naissance`,
  personInDatabase: (dossierNumber: string) => `Le numéro de dossier ${dossierNumber} est déjà enregistré avec un autre nom ou une autre date de naissance`,
  householdInFile: (key: string, line: number) => `La famille ${key} figure déjà à la ligne ${line} avec une autre adresse`,
  householdInDatabase: (key: string) => `La famille ${key} est déjà enregistrée avec une autre adresse`,
};

export function personConflict(row: ImportRow, message: string): ImportError {
  return { line: row.line, column: 'dossier_number', code: 'conflict', message };
}

export function householdConflict(row: ImportRow, message: string): ImportError {
  return { line: row.line, column: 'household_key', code: 'household_conflict', message };
}

/**
 * The first valid line of a dossier number fixes the person (name, date of birth), the first valid
 * line of a household key fixes the address; a later line that disagrees is rejected.
 */
export class FileConsistency {
  private readonly persons = new Map<string, { identityKey: string; line: number }>();
  private readonly households = new Map<string, { addressKey: string; line: number }>();

  check(row: ImportRow): ImportError[] {
    const errors: ImportError[] = [];
    const person = this.persons.get(row.dossierNumber);
    if (person && person.identityKey !== row.identityKey) {
      errors.push(personConflict(row, conflictMessages.personInFile(row.dossierNumber, person.line)));
    }
    const household = this.households.get(row.householdKey);
    if (household && household.addressKey !== row.addressKey) {
      errors.push(householdConflict(row, conflictMessages.householdInFile(row.householdKey, household.line)));
    }
    if (!errors.length) {
      if (!person) this.persons.set(row.dossierNumber, { identityKey: row.identityKey, line: row.line });
      if (!household) this.households.set(row.householdKey, { addressKey: row.addressKey, line: row.line });
    }
    return errors;
  }
}
