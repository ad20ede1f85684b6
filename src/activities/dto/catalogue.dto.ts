import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { rule, TextValue } from '../../common/validation.js';
import { OFFERING_LIMITS, OFFERING_TEXT_MAX } from '../offering-input.js';

export const OFFERING_STATUSES = ['upcoming', 'open', 'full', 'closed'] as const;
export type OfferingStatus = (typeof OFFERING_STATUSES)[number];

export const CATALOGUE_PAGE_SIZE = 20;
const Q_MAX = 100;
const PAGE_MAX = 100_000;

/** A whole number from the query string; an empty value is `fallback`, anything else not digits is refused (invalid_type). */
const QueryInteger = (fallback?: number) =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const text = value.trim();
    if (!text) return fallback;
    return /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  });

/** A text filter, trimmed; an empty one is no filter. */
const TextFilter = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    return value.trim() || undefined;
  });

export class CatalogueQuery {
  @ApiPropertyOptional({ maxLength: OFFERING_TEXT_MAX.category, example: 'Natation', description: 'The category, whole (case and accents aside)' })
  @TextFilter()
  @IsOptional()
  @TextValue({ max: OFFERING_TEXT_MAX.category })
  category?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: OFFERING_LIMITS.age, example: 6, description: "Offerings whose age rule admits this age on their reference date" })
  @QueryInteger()
  @IsOptional()
  @IsInt(rule('invalid_type'))
  @Min(0, rule('invalid_value'))
  @Max(OFFERING_LIMITS.age, rule('invalid_value'))
  age?: number;

  @ApiPropertyOptional({ maxLength: Q_MAX, example: 'etoile', description: "Text found in the activity's name, the group, the site or the code (case and accents aside)" })
  @TextFilter()
  @IsOptional()
  @TextValue({ max: Q_MAX })
  q?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: PAGE_MAX, default: 1 })
  @QueryInteger(1)
  @IsOptional()
  @IsInt(rule('invalid_type'))
  @Min(1, rule('invalid_value'))
  @Max(PAGE_MAX, rule('invalid_value'))
  page = 1;
}

export class ScheduleView {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 7, example: 6, description: 'ISO day of the week, Monday = 1' }) weekday: number;
  @ApiProperty({ example: '09:00', pattern: '^\\d{2}:\\d{2}$', description: "The city's time" }) start: string;
  @ApiProperty({ example: '09:45', pattern: '^\\d{2}:\\d{2}$' }) end: string;
}

export class PricesView {
  @ApiProperty({ type: 'integer', example: 8500, description: 'Cents, for a resident household (R2)' }) resident: number;
  @ApiProperty({ type: 'integer', example: 12750, description: 'Cents, for the others' }) nonResident: number;
}

export class OpeningsView {
  @ApiProperty({ format: 'date-time', example: '2027-01-10T19:00:00.000-05:00' }) residents: string;
  @ApiProperty({ format: 'date-time', example: '2027-01-12T19:00:00.000-05:00' }) nonResidents: string;
}

export class CatalogueItem {
  @ApiProperty({ example: 'NAT-ETOILE-SAM9' }) code: string;
  @ApiProperty({ example: 'Natation — Étoile de mer' }) activity: string;
  @ApiProperty({ example: 'Natation' }) category: string;
  @ApiProperty({ example: 'Samedi 9 h' }) group: string;
  @ApiProperty({ example: 'Piscine Henri-L.-Bernier' }) site: string;
  @ApiProperty({ format: 'date', example: '2027-01-16' }) startsOn: string;
  @ApiProperty({ format: 'date', example: '2027-03-27' }) endsOn: string;
  @ApiProperty({ type: ScheduleView }) schedule: ScheduleView;
  @ApiProperty({ type: 'integer', example: 3 }) ageMin: number;
  @ApiProperty({ type: 'integer', example: 5 }) ageMax: number;
  @ApiProperty({ format: 'date', example: '2027-01-16', description: 'The date on which the age rule is checked' }) ageOn: string;
  @ApiProperty({ type: PricesView }) prices: PricesView;
  @ApiProperty({ type: OpeningsView, description: 'When residents, then the others, may register' }) opensAt: OpeningsView;
  @ApiProperty({ format: 'date-time', example: '2027-01-15T23:59:00.000-05:00' }) closesAt: string;
  @ApiProperty({ type: 'integer', example: 8 }) capacity: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 3, description: 'capacity − seats taken − seats asked by the waitlist, never below 0' }) remaining: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 0, description: 'How many entries wait on the waitlist' }) waitlist: number;
  @ApiProperty({ enum: OFFERING_STATUSES, description: 'upcoming: before the residents’ opening; closed: from closesAt; full: no place remains; open' })
  status: OfferingStatus;
}

export class CataloguePage {
  @ApiProperty({ type: [CatalogueItem], description: 'By start date, then activity, then code' }) items: CatalogueItem[];
  @ApiProperty({ type: 'integer', example: 1 }) page: number;
  @ApiProperty({ type: 'integer', example: CATALOGUE_PAGE_SIZE }) pageSize: number;
  @ApiProperty({ type: 'integer', description: 'How many offerings match the filters' }) total: number;
}
