import type { PersonFile } from './person-file.js';

/** The person's file as JSON, indented for a person to read as well as a program. */
export function renderPersonFileJson(file: PersonFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
