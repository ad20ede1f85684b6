import { describe, expect, it } from '@jest/globals';
import { RESOURCE_IDS, ROLE_MATRIX, tasksOf, type PanelAction } from '../../staff/roles.js';
import { DASHBOARD_TRANSLATIONS } from './dashboard.js';

type Tree = { [key: string]: string | Tree };
const home = (locale: 'fr' | 'en') => (DASHBOARD_TRANSLATIONS[locale].components as Tree).Home as Tree;

describe('the home’s tasks', () => {
  it('are the role table’s: a supervisor reads and assigns, a clerk processes, an administrator does everything', () => {
    const of = (role: 'clerk' | 'supervisor' | 'administrator') => Object.fromEntries(tasksOf(role).map((t) => [t.resource, t.actions]));
    expect(of('supervisor').dossier_requests).toEqual(['show', 'assign']);
    expect(of('supervisor').households).toEqual(['show']);
    expect(of('clerk').dossier_requests).toEqual(['show', 'take', 'approve', 'askInfo', 'resume', 'reject']);
    expect(of('clerk').staff).toBeUndefined();
    expect(tasksOf('administrator').map((t) => t.resource)).toEqual([...RESOURCE_IDS]);
    expect(tasksOf(undefined)).toEqual([]);
  });

  it('each have a sentence in French and in English, for every action the role table names', () => {
    for (const locale of ['fr', 'en'] as const) {
      const tasks = home(locale).tasks as Tree;
      for (const resource of RESOURCE_IDS) {
        const actions = (Object.keys(ROLE_MATRIX[resource]) as PanelAction[]).filter((a) => a !== 'list' && a !== 'search' && a !== 'context');
        for (const action of actions) expect({ locale, resource, action, text: typeof (tasks[resource] as Tree | undefined)?.[action] }).toEqual({ locale, resource, action, text: 'string' });
      }
    }
  });

  it('say each role in doubled forms, never with a middle dot (OQLF)', () => {
    const texts = (tree: Tree): string[] => Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : texts(v)));
    for (const text of texts(home('fr'))) expect(text).not.toMatch(/·/);
  });
});
