import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { canonicalEmail } from '../../common/email-address.js';
import { Required, rule, TextField, TextValue } from '../../common/validation.js';

export class LoginDto {
  @ApiProperty({ example: 'camille.tremblay@exemple.ca' })
  @TextField(254, { normalize: canonicalEmail })
  email: string;

  @ApiProperty({ example: 'Soleil-d-hiver-27' })
  // Any password a resident could sign up with: only its type and size are checked here.
  @Required()
  @IsString(rule('invalid_type'))
  @MaxLength(1024, rule('too_long'))
  password: string;
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'The refresh token; without it, the `guichet_refresh` cookie of the cookie transport (see login)' })
  @IsOptional()
  @TextValue({ max: 200 })
  refreshToken?: string;
}

export class TokenPairResponse {
  @ApiProperty({ description: 'JWT, 15 minutes' }) accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires', example: 900 }) expiresIn: number;
  @ApiPropertyOptional({ description: 'Rotating refresh token: single use. Absent with the cookie transport (`X-Refresh-Token-Transport: cookie`), which sets it as a cookie' })
  refreshToken: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-30T10:15:00.000-05:00' }) refreshExpiresAt: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: 'The refresh token of the login to close; without it, the bearer token closes every login' })
  @IsOptional()
  @TextValue({ max: 200 })
  refreshToken?: string;
}
