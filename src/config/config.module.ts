import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, AppConfig, CONFIG_SLICES } from './app-config.js';

@Global()
@Module({})
export class ConfigModule {
  /** The configuration, whole and by concern, and the clock, everywhere; tests pass a clock they can set. */
  static forRoot(config: AppConfig, clock: Clock = new Clock(config.cityTimeZone)): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        // Each concern's slice (`CityConfig`, `MailConfig`…): the same validated object, typed narrower.
        ...CONFIG_SLICES.map((token) => ({ provide: token, useValue: config })),
        { provide: Clock, useValue: clock },
      ],
      exports: [APP_CONFIG, ...CONFIG_SLICES, Clock],
    };
  }
}
