/** The placeholders a reply template may hold, and their values for one thread. */
export interface TemplateValues {
  /** The resident's first name ({prénom}), last name ({nom}), the thread's reference ({référence}) and due time in words ({échéance}). */
  firstName: string;
  lastName: string;
  reference: string;
  due: string;
}

const PLACEHOLDERS: Record<string, keyof TemplateValues> = {
  prénom: 'firstName',
  prenom: 'firstName',
  'first name': 'firstName',
  nom: 'lastName',
  'last name': 'lastName',
  référence: 'reference',
  reference: 'reference',
  échéance: 'due',
  echeance: 'due',
  'due date': 'due',
};

/** The placeholders clerks and administrators read in the panel (French first). */
export const PLACEHOLDER_NAMES = ['{prénom}', '{nom}', '{référence}', '{échéance}'] as const;

/**
 * The body with each known placeholder replaced (case ignored, `{Prénom}` as `{prénom}`); an
 * unknown one (`{adresse}`) is left as typed, for the clerk to see and fill before sending.
 * A value that is unknown for this thread (no name: an email from someone without an account)
 * leaves its placeholder too.
 */
export function fillTemplate(body: string, values: TemplateValues): string {
  return body.replace(/\{([^{}\n]{1,20})\}/g, (whole, name: string) => {
    const key = PLACEHOLDERS[name.trim().toLowerCase()];
    const value = key ? values[key] : '';
    return value ? value : whole;
  });
}
