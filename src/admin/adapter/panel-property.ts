import { BaseProperty, type PropertyType } from 'adminjs';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

interface PanelPropertyOptions {
  path: string;
  type: PropertyType;
  column?: ColumnMetadata;
  isId?: boolean;
  isSortable: boolean;
  isTitle: boolean;
  isEditable: boolean;
  isRequired?: boolean;
  reference?: string | null;
  availableValues?: string[] | null;
  position: number;
}

/** A column of an entity (or a value the adapter computes) as AdminJS sees it. */
export class PanelProperty extends BaseProperty {
  constructor(private readonly spec: PanelPropertyOptions) {
    super({ path: spec.path, type: spec.type, isId: spec.isId, isSortable: spec.isSortable, position: spec.position });
  }

  get column(): ColumnMetadata | undefined {
    return this.spec.column;
  }

  override isTitle(): boolean {
    return this.spec.isTitle;
  }

  override isEditable(): boolean {
    return this.spec.isEditable;
  }

  override isRequired(): boolean {
    return this.spec.isRequired ?? false;
  }

  override reference(): string | null {
    return this.spec.reference ?? null;
  }

  override availableValues(): string[] | null {
    return this.spec.availableValues ?? null;
  }

  override isVisible(): boolean {
    return true;
  }
}

/** AdminJS's type for a TypeORM column type. */
export function propertyType(column: ColumnMetadata, isReference: boolean): PropertyType {
  if (isReference) return 'reference';
  switch (column.type) {
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'datetime':
      return 'datetime';
    // A day (`2015-06-01`) stays the text typed: AdminJS converts a 'date' param with new Date(),
    // which turns « 2015-02-30 » into March 2 before any rule sees it. The page still shows a date
    // field: `datesAsTyped` (resources/shared.ts) gives the decorated property the type 'date'.
    case 'date':
      return 'string';
    case 'text':
    case 'simple-json':
      return 'textarea';
    default:
      return 'string';
  }
}
