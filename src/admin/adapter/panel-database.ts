import { BaseDatabase } from 'adminjs';
import { PanelResource } from './panel-resource.js';
import { PanelSource } from './panel-source.js';

/** Registered with AdminJS beside PanelResource; the panel lists its resources itself, so it holds none. */
export class PanelDatabase extends BaseDatabase {
  static override isAdapterFor(raw: unknown): boolean {
    return raw instanceof PanelSource;
  }

  override resources(): PanelResource[] {
    return [];
  }
}
