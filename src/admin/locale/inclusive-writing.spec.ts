import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../../common/project-root.js';
import { withActions } from './actions.js';
import { en } from './en.js';
import { fr } from './fr.js';

/**
 * « Préposé·e », « Superviseur·e », « Administrateur·trice »: the Office québécois de la langue
 * française advises against these abbreviated forms; the panel, the emails, the portal and the
 * staff pages use epicene or doubled forms instead (« membre du personnel », « préposé ou préposée »).
 * A letter, a middle dot (or a period, or a hyphen-like dot) and a feminine ending is the form.
 */
const MIDDLE_DOT_FORM = /\p{L}[·•‧⋅]\p{Ll}/u;

/** Every string of a translation tree, with its key. */
function strings(tree: unknown, path = ''): Array<[string, string]> {
  if (typeof tree === 'string') return [[path, tree]];
  if (typeof tree === 'function') return [];
  if (tree && typeof tree === 'object') return Object.entries(tree).flatMap(([key, value]) => strings(value, path ? `${path}.${key}` : key));
  return [];
}

/** The user-facing text's files: the panel (locale, components), the emails, the staff pages, the portal. */
const FOLDERS = ['src/admin', 'src/notifications', 'src/staff', 'src/portal/web', 'src/dossier-requests', 'src/dossiers', 'src/mailbox', 'src/registrations', 'docs', 'README.md'];

function files(top: string): string[] {
  if (!statSync(top).isDirectory()) return [top];
  return readdirSync(top).flatMap((name) => {
    const path = join(top, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|tsx|js|jsx|html|css|md)$/.test(name) && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('inclusive writing without middle dots', () => {
  it('finds none in the panel’s translations, French or English', () => {
    const found = [...strings(withActions(fr, 'fr')), ...strings(withActions(en, 'en'))].filter(([, text]) => MIDDLE_DOT_FORM.test(text));
    expect(found).toEqual([]);
  });

  it('finds none in the source of the panel, the emails, the staff pages, the portal and the docs', () => {
    const root = projectRoot();
    const found = FOLDERS.flatMap((folder) => files(join(root, folder)))
      .flatMap((path) => readFileSync(path, 'utf8').split('\n').map((line, i) => [`${relative(root, path)}:${i + 1}`, line] as const))
      .filter(([, line]) => MIDDLE_DOT_FORM.test(line))
      .map(([where, line]) => `${where}: ${line.trim().slice(0, 120)}`);
    expect(found).toEqual([]);
  });

  it('recognises the forms it guards against', () => {
    for (const text of ['Préposé·e', 'Superviseur·e', 'Administrateur·trice', 'conjoint·e', 'étudiant·es']) expect(MIDDLE_DOT_FORM.test(text)).toBe(true);
    for (const text of ['préposé ou préposée', 'membre du personnel', 'Montréal · Laval', '12 · 3']) expect(MIDDLE_DOT_FORM.test(text)).toBe(false);
  });
});
