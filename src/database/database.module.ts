import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { MigratingDataSource, PendingMigrationsError, refusePendingMigrations } from './migrating-data-source.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => ({
        ...(await dataSourceOptions(config.database)),
        migrationsRun: config.migrationsRun,
        // Waiting 30 s for a release step that may never come helps no one: say so at once.
        toRetry: (error: unknown) => !(error instanceof PendingMigrationsError),
      }),
      dataSourceFactory: async (options) => {
        const dataSource = await new MigratingDataSource(options!).initialize();
        if (!dataSource.options.migrationsRun) {
          await refusePendingMigrations(dataSource).catch(async (error: unknown) => {
            await dataSource.destroy();
            throw error;
          });
        }
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
