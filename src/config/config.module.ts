import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, AppConfig } from './app-config.js';

@Global()
@Module({})
export class ConfigModule {
  /** The configuration and the clock, everywhere; tests pass a clock they can set. */
  static forRoot(config: AppConfig, clock: Clock = new Clock(config.cityTimeZone)): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}
