import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { SECURITY_CONFIG, type SecurityConfig } from '../config/app-config.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { jwtKey, JwtAuthGuard, JWT_AUDIENCE, JWT_ISSUER, LocalAuthGuard, LocalStrategy, OptionalJwtAuthGuard } from './strategies.js';
import { ResidentSessions } from './resident-sessions.js';
import { SecurityModule } from '../security/security.module.js';

@Module({
  imports: [
    SecurityModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [SECURITY_CONFIG],
      useFactory: (config: SecurityConfig) => ({
        secretOrKeyProvider: () => jwtKey(config),
        signOptions: { expiresIn: config.accessTokenTtlSeconds, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, algorithm: 'HS256' },
        verifyOptions: { issuer: JWT_ISSUER, audience: JWT_AUDIENCE, algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, ResidentSessions, LocalStrategy, LocalAuthGuard, JwtAuthGuard, OptionalJwtAuthGuard],
  exports: [AuthService, SecurityModule, ResidentSessions, JwtAuthGuard, OptionalJwtAuthGuard, JwtModule],
})
export class AuthModule {}
