import type { Locale } from '../../common/locale.js';

/**
 * The rules a panel write goes through: the given writable values in, the values to store out
 * (normalised), or an AdminJS ValidationError with a message per field.
 */
export type PanelValidator = (values: Record<string, unknown>, context: { id: number | null; locale: Locale }) => Promise<Record<string, unknown>>;
