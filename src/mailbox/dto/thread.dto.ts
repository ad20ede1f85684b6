import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Required, rule, TextField, TextValue } from '../../common/validation.js';
import { BODY_MAX, MESSAGE_BODY } from '../thread-rules.js';
import { THREAD_CATEGORIES, THREAD_STATUSES, type ThreadCategory } from '../thread.entity.js';

function BodyField() {
  return (object: object, propertyName: string) => {
    Required()(object, propertyName);
    TextValue(MESSAGE_BODY)(object, propertyName);
  };
}

export class CreateThreadDto {
  @ApiProperty({ enum: THREAD_CATEGORIES, description: 'address_change « Changement d’adresse », member_change « Ajout ou retrait d’un membre », correction « Correction d’information », other « Autre »' })
  @Required()
  @IsIn(THREAD_CATEGORIES as unknown as string[], rule('category_invalid'))
  category: ThreadCategory;

  @ApiProperty({ example: 'Nouvelle adresse', maxLength: 200 }) @TextField(200) subject: string;

  @ApiProperty({ example: 'Bonjour, nous avons déménagé au 12, rue Principale.', maxLength: BODY_MAX, description: 'Plain text, line breaks kept; never rendered as HTML' })
  @BodyField()
  body: string;
}

export class ReplyDto {
  @ApiProperty({ maxLength: BODY_MAX, description: 'Plain text, line breaks kept' }) @BodyField() body: string;
}

export class ThreadPageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100_000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt(rule('invalid_type'))
  @Min(1, rule('invalid_value'))
  @Max(100_000, rule('invalid_value'))
  page = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt(rule('invalid_type'))
  @Min(1, rule('invalid_value'))
  @Max(100, rule('invalid_value'))
  pageSize = 20;
}

export class ThreadCreatedResponse {
  @ApiProperty({ example: 12 }) id: number;
  @ApiProperty({ example: 'DM-2026-000123' }) reference: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-02T15:00:00.000-05:00', description: 'When the city answers at the latest: 72 business hours after receipt (M2), fixed at receipt' })
  dueAt: string;
}

export class ThreadSummary {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'DM-2026-000123' }) reference: string;
  @ApiProperty({ enum: THREAD_CATEGORIES }) category: string;
  @ApiProperty({ example: 'Changement d’adresse', description: 'The category in the caller’s language' }) categoryLabel: string;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: THREAD_STATUSES, description: 'open: waiting for the city; answered: the city replied; closed' }) status: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'date-time' }) lastMessageAt: string;
}

export class ThreadPage {
  @ApiProperty({ type: [ThreadSummary], description: 'Newest first' }) items: ThreadSummary[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ description: 'How many threads the resident has' }) total: number;
}

export class ThreadMessageView {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['resident', 'staff'] }) author: string;
  @ApiProperty({ description: 'Plain text as written' }) body: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ThreadView extends ThreadSummary {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The city’s first reply' }) firstResponseAt: string | null;
  @ApiProperty({ type: [ThreadMessageView], description: 'The public messages, oldest first (never the staff’s internal notes)' }) messages: ThreadMessageView[];
}
